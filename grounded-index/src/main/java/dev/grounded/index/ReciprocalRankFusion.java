package dev.grounded.index;

import dev.grounded.core.Hit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal rank fusion (Cormack et al., 2009): score(d) = sum over rankings r of weight(r) / (k0
 * + rank_r(d)), rank from 1. With no weights every ranking counts 1 (the original method). Ties
 * keep the order of first appearance, so the result is deterministic.
 */
public record ReciprocalRankFusion(int k0, List<Double> weights) implements Fusion {
  public static final int DEFAULT_K = 60;

  public ReciprocalRankFusion {
    if (k0 < 0) throw new IllegalArgumentException("k0 must be >= 0: " + k0);
    weights = List.copyOf(weights);
    for (double w : weights) {
      if (!(w >= 0) || Double.isInfinite(w))
        throw new IllegalArgumentException("weights must be finite and >= 0: " + weights);
    }
  }

  /** Every ranking weighs 1. */
  public ReciprocalRankFusion(int k0) {
    this(k0, List.of());
  }

  /**
   * BM25 first, dense second, the dense ranking weighing {@code denseWeight} in [0, 1] and BM25 the
   * rest, scaled so that 0.5 is the unweighted method: weights 2 (1 - w) and 2 w.
   */
  public static ReciprocalRankFusion of(int k0, double denseWeight) {
    if (!(denseWeight >= 0 && denseWeight <= 1))
      throw new IllegalArgumentException("dense weight must be in [0, 1]: " + denseWeight);
    return new ReciprocalRankFusion(k0, List.of(2 * (1 - denseWeight), 2 * denseWeight));
  }

  @Override
  public List<Hit> fuse(List<List<Hit>> rankings, int k) {
    if (!weights.isEmpty() && rankings.size() != weights.size())
      throw new IllegalArgumentException(
          rankings.size() + " rankings but " + weights.size() + " weights");
    Map<String, Hit> byId = new LinkedHashMap<>();
    Map<String, Double> scores = new LinkedHashMap<>();
    for (int r = 0; r < rankings.size(); r++) {
      List<Hit> ranking = rankings.get(r);
      double weight = weights.isEmpty() ? 1.0 : weights.get(r);
      for (int i = 0; i < ranking.size(); i++) {
        Hit h = ranking.get(i);
        String id = h.chunk().id();
        byId.putIfAbsent(id, h);
        scores.merge(id, weight / (k0 + i + 1), Double::sum);
      }
    }
    return top(byId, scores, k);
  }

  static List<Hit> top(Map<String, Hit> byId, Map<String, Double> scores, int k) {
    List<Hit> fused = new ArrayList<>(scores.size());
    scores.forEach((id, s) -> fused.add(byId.get(id).withScore(s)));
    fused.sort(Comparator.comparingDouble(Hit::score).reversed());
    return List.copyOf(fused.subList(0, Math.min(k, fused.size())));
  }
}
