package dev.grounded.cli;

import dev.grounded.core.GroundedException;

/** Argument checks shared by commands; each failure names the argument. */
final class Checks {
  private Checks() {}

  static void query(String q) {
    if (q.isBlank()) throw GroundedException.invalid("query", "the query is empty");
  }

  static void topK(int k) {
    if (k < 1 || k > 1000) throw Usage.error("k", "-k must be between 1 and 1000, got " + k);
  }

  static String snippet(String text, int max) {
    String flat = text.replaceAll("\\s+", " ").strip();
    return flat.length() <= max ? flat : flat.substring(0, max - 1) + "…";
  }
}
