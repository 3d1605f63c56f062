package dev.grounded.bench;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps library logging (Lucene's vectorization notice, PDFBox warnings) out of benchmark output.
 */
final class Logs {
  private static final Logger ROOT = Logger.getLogger("");

  private Logs() {}

  static void quiet() {
    ROOT.setLevel(Level.SEVERE);
  }
}
