package dev.grounded.index;

import java.util.Objects;

/**
 * A query for a {@link Retriever}: the text (for BM25), its embedding (for kNN; empty when the
 * retriever does not need one), and how many chunks to return.
 */
public record SearchQuery(String text, float[] vector, int k) {
  public SearchQuery {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(vector, "vector");
    if (k < 1) throw new IllegalArgumentException("k must be >= 1: " + k);
  }

  public static SearchQuery lexical(String text, int k) {
    return new SearchQuery(text, new float[0], k);
  }

  public SearchQuery withK(int newK) {
    return new SearchQuery(text, vector, newK);
  }
}
