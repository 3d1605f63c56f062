package dev.grounded.core;

import java.util.Objects;

/**
 * A source cited by an answer: marker {@code [n]}, the chunk, and the quoted span (its offsets
 * relative to the chunk's text). {@code score} is the support score of the quoted span for the
 * question.
 */
public record Citation(int n, Chunk chunk, String quote, int start, int end, double score) {
  public Citation {
    Objects.requireNonNull(chunk, "chunk");
    Objects.requireNonNull(quote, "quote");
    if (n < 1) throw new IllegalArgumentException("citation numbers start at 1: " + n);
    if (start < 0 || end < start || end > chunk.text().length())
      throw new IllegalArgumentException(
          "quote range [" + start + ", " + end + ") outside chunk " + chunk.id());
  }
}
