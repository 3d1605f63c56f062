package dev.grounded.index;

import dev.grounded.core.Hit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Runs several retrievers for the same query, each asked for {@code depth} candidates, and fuses
 * their rankings. The retrievers run one after another: each is a few milliseconds, less than a
 * thread hand-off would save.
 *
 * <p>A request for more than {@code depth} hits (an evaluation ranking 100 documents) gets the same
 * first {@code depth} hits as a request for {@code depth}, fused from {@code depth} candidates per
 * ranking, followed by the rest of a fusion of {@code k} candidates per ranking, scored below them.
 * Score normalization depends on how many candidates are fused, so without this an evaluation would
 * measure a different ranking from the one an interactive search returns, and every depth would
 * score alike.
 */
public record HybridRetriever(List<Retriever> retrievers, Fusion fusion, int depth)
    implements Retriever {
  /**
   * Candidates per retriever for interactive searches; deeper requests (evaluation at k=100) ask
   * for k each, and only their hits after the first {@code depth} come from that deeper fusion.
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
    if (query.k() <= depth) return fusion.fuse(rankings, query.k());
    List<List<Hit>> shallow = new ArrayList<>(rankings.size());
    for (List<Hit> r : rankings) shallow.add(r.subList(0, Math.min(depth, r.size())));
    List<Hit> out = new ArrayList<>(fusion.fuse(shallow, depth));
    Set<String> seen = new HashSet<>();
    for (Hit h : out) seen.add(h.chunk().id());
    List<Hit> rest = new ArrayList<>();
    for (Hit h : fusion.fuse(rankings, query.k()))
      if (out.size() + rest.size() < query.k() && seen.add(h.chunk().id())) rest.add(h);
    RerankingRetriever.appendBelow(out, rest);
    return out;
  }
}
