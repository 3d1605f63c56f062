package dev.grounded.ingest;

import dev.grounded.core.Chunk;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Collection-wide signs of poisoning in one ingest run, reported as warnings (nothing is refused: a
 * human decides):
 *
 * <ul>
 *   <li>a repeated passage: the same passage of at least {@value #MIN_PASSAGE_CHARS} characters
 *       (compared without case, punctuation, digits or spacing) in {@value #FLOOD_DOCUMENTS} or
 *       more documents of the run, the shape of a flood of near-copies planted to win retrieval.
 *       Boilerplate repeated on purpose (a licence footer) is reported too;
 *   <li>a sudden change: the run changed or removed at least {@value #SUDDEN_SHARE_PERCENT} % of a
 *       collection of {@value #SUDDEN_MIN_DOCUMENTS} or more documents.
 * </ul>
 *
 * Used by the ingesting thread only.
 */
final class Anomalies {
  static final int MIN_PASSAGE_CHARS = 80;
  static final int FLOOD_DOCUMENTS = 5;
  static final int SUDDEN_SHARE_PERCENT = 50;
  static final int SUDDEN_MIN_DOCUMENTS = 20;

  private final Map<String, Set<String>> passages = new HashMap<>(); // key -> sources
  private int changed;

  /**
   * One document written by the run; {@code replaced} when it existed before with other content.
   */
  void add(String source, List<Chunk> chunks, boolean replaced) {
    if (replaced) changed++;
    for (Chunk c : chunks) {
      String key = normalize(c.text());
      if (key.length() >= MIN_PASSAGE_CHARS)
        passages.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(source);
    }
  }

  /** The warnings for a run over a collection that had {@code before} documents. */
  List<String> warnings(int before, int removed) {
    List<String> out = new ArrayList<>();
    int floods = 0;
    Set<String> flooded = new LinkedHashSet<>();
    for (Set<String> sources : passages.values())
      if (sources.size() >= FLOOD_DOCUMENTS) {
        floods++;
        if (flooded.size() < 3) flooded.addAll(sources.stream().limit(3).toList());
      }
    if (floods > 0)
      out.add(
          String.format(
              Locale.ROOT,
              "repeated passages: %d passage(s) each appear in %d or more documents of this run"
                  + " (for example in %s): a flood of copies can crowd out other sources; check"
                  + " that they are meant to be there",
              floods,
              FLOOD_DOCUMENTS,
              String.join(", ", flooded.stream().limit(3).toList())));
    int touched = changed + removed;
    if (before >= SUDDEN_MIN_DOCUMENTS && touched * 100 >= SUDDEN_SHARE_PERCENT * before)
      out.add(
          String.format(
              Locale.ROOT,
              "sudden change: this run changed or removed %d of the collection's %d documents"
                  + " (%d %%); if that was not expected, check the source before answering from it"
                  + " ('grounded collections verify' compares with the last signed version)",
              touched,
              before,
              Math.round(100.0 * touched / before)));
    return out;
  }

  static String normalize(String text) {
    StringBuilder b = new StringBuilder(text.length());
    boolean space = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isLetter(c)) {
        if (space && !b.isEmpty()) b.append(' ');
        b.append(Character.toLowerCase(c));
        space = false;
      } else space = true;
    }
    return b.toString();
  }
}
