package dev.grounded.index;

import dev.grounded.core.Hit;
import java.util.List;

/** Merges several rankings of chunks into one, best first, at most {@code k} hits. */
@FunctionalInterface
public interface Fusion {
  List<Hit> fuse(List<List<Hit>> rankings, int k);
}
