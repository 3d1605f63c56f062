package dev.grounded.index;

import dev.grounded.core.Hit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs several retrievers for the same query, each asked for {@code depth} candidates, and fuses
 * their rankings. The retrievers run one after another: each is a few milliseconds, less than a
 * thread hand-off would save.
 */
public record HybridRetriever(List<Retriever> retrievers, Fusion fusion, int depth)
    implements Retriever {
  /**
   * Candidates per retriever for interactive searches; deeper requests (evaluation at k=100) ask
   * for k each.
   */
  public static final int DEFAULT_DEPTH = 50;

  public HybridRetriever {
    retrievers = List.copyOf(retrievers);
    Objects.requireNonNull(fusion, "fusion");
    if (depth < 1) throw new IllegalArgumentException("depth must be >= 1: " + depth);
  }

  @Override
  public List<Hit> retrieve(SearchQuery query) {
    SearchQuery deep = query.withK(Math.max(depth, query.k()));
    List<List<Hit>> rankings = new ArrayList<>(retrievers.size());
    for (Retriever r : retrievers) rankings.add(r.retrieve(deep));
    return fusion.fuse(rankings, query.k());
  }
}
