package dev.grounded.index;

import dev.grounded.core.Hit;
import java.util.List;

/** Finds the chunks that best match a query, best first, at most {@code query.k()} of them. */
@FunctionalInterface
public interface Retriever {
  List<Hit> retrieve(SearchQuery query);
}
