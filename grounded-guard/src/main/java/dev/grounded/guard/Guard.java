package dev.grounded.guard;

import java.util.List;

/**
 * A detector: reads a text, returns what it found. It does not change the text or decide what
 * happens (that is {@link GuardPolicy}'s job). Implementations are thread-safe and fast enough to
 * run on every request (a few hundred microseconds for a question).
 */
public interface Guard {
  /**
   * What this guard finds in {@code text}, ordered by start; empty when nothing. Spans lie within
   * the text. {@code source} lets a detector use a different threshold for, say, retrieved chunks;
   * most ignore it.
   */
  List<Finding> scan(String text, Source source);
}
