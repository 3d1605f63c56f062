package dev.grounded.index;

import dev.grounded.core.GroundedException;
import java.util.Locale;

/** How to search: lexical (BM25), dense (kNN over embeddings) or both fused. */
public enum SearchMode {
  BM25,
  DENSE,
  HYBRID;

  public boolean needsVector() {
    return this != BM25;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static SearchMode parse(String value) {
    for (SearchMode m : values()) {
      if (m.wireName().equalsIgnoreCase(value.trim())) return m;
    }
    throw GroundedException.invalid(
        "mode", "unknown mode '" + value + "': expected bm25, dense or hybrid");
  }
}
