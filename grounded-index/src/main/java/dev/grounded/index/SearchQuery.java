package dev.grounded.index;

import java.util.Objects;

/**
 * A query for a {@link Retriever}: the text (for BM25), its embedding (for kNN; empty when the
 * retriever does not need one), how many chunks to return, and which chunks may be returned at all
 * ({@link Filter#NONE} for every chunk).
 */
public record SearchQuery(String text, float[] vector, int k, Filter filter) {
  public SearchQuery {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(vector, "vector");
    Objects.requireNonNull(filter, "filter");
    if (k < 1) throw new IllegalArgumentException("k must be >= 1: " + k);
  }

  /** An unfiltered query. */
  public SearchQuery(String text, float[] vector, int k) {
    this(text, vector, k, Filter.NONE);
  }

  public static SearchQuery lexical(String text, int k) {
    return new SearchQuery(text, new float[0], k);
  }

  public SearchQuery withK(int newK) {
    return new SearchQuery(text, vector, newK, filter);
  }

  public SearchQuery withFilter(Filter newFilter) {
    return new SearchQuery(text, vector, k, newFilter);
  }
}
