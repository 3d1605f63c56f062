package dev.grounded.index;

import dev.grounded.core.Hit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Retrieves with another retriever, then reranks its first {@code depth} hits: those come first in
 * the reranker's order with its scores, the rest follow in the retriever's order, their scores
 * shifted below the last reranked one so that scores descend. A query for more than {@code depth}
 * hits gets them all; one for fewer still has {@code depth} candidates reranked.
 */
public final class RerankingRetriever implements Retriever {
  private final Retriever retriever;
  private final Reranker reranker;
  private final int depth;

  public RerankingRetriever(Retriever retriever, Reranker reranker, int depth) {
    this.retriever = Objects.requireNonNull(retriever, "retriever");
    this.reranker = Objects.requireNonNull(reranker, "reranker");
    if (depth < 1 || depth > 1000)
      throw new IllegalArgumentException("rerank depth must be in 1..1000: " + depth);
    this.depth = depth;
  }

  @Override
  public List<Hit> retrieve(SearchQuery query) {
    List<Hit> hits = retriever.retrieve(query.withK(Math.max(query.k(), depth)));
    int head = Math.min(depth, hits.size());
    List<Hit> reranked = reranker.rerank(query.text(), hits.subList(0, head));
    if (reranked.size() != head)
      throw new IllegalStateException(
          "the reranker returned " + reranked.size() + " hits for " + head);
    List<Hit> out = new ArrayList<>(Math.min(query.k(), hits.size()));
    out.addAll(reranked);
    appendBelow(out, hits.subList(head, hits.size()));
    return out.size() > query.k() ? List.copyOf(out.subList(0, query.k())) : out;
  }

  /**
   * Appends {@code tail} to {@code out} in its order and spacing, shifted below the last score of
   * {@code out} if need be, so scores still descend (the two scales need not be comparable).
   */
  static void appendBelow(List<Hit> out, List<Hit> tail) {
    if (out.isEmpty() || tail.isEmpty()) {
      out.addAll(tail);
      return;
    }
    double floor = out.getLast().score();
    double top = tail.getFirst().score();
    double shift = top >= floor ? floor - top - 1e-6 : 0;
    for (Hit h : tail) out.add(shift == 0 ? h : new Hit(h.chunk(), h.score() + shift));
  }
}
