package dev.grounded.index;

import dev.grounded.core.Hit;
import java.util.List;

/**
 * Orders retrieved chunks again by a closer reading of each against the query (a cross-encoder,
 * say). Returns the same hits, best first, each with the reranker's score. Thread-safe.
 */
@FunctionalInterface
public interface Reranker {
  List<Hit> rerank(String query, List<Hit> hits);
}
