package dev.grounded.index;

import dev.grounded.core.Hit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Normalized linear fusion: each ranking's scores are min-max normalized to [0, 1], then combined
 * with the given weights (a chunk missing from a ranking gets 0 from it). With two rankings (BM25,
 * dense) and weight w, the score is (1 - w) * bm25 + w * dense.
 */
public record LinearFusion(List<Double> weights) implements Fusion {
  public LinearFusion {
    weights = List.copyOf(weights);
    for (double w : weights) {
      if (w < 0 || Double.isNaN(w))
        throw new IllegalArgumentException("weights must be >= 0: " + weights);
    }
  }

  /** BM25 first, dense second; {@code denseWeight} in [0, 1]. */
  public static LinearFusion of(double denseWeight) {
    if (denseWeight < 0 || denseWeight > 1)
      throw new IllegalArgumentException("dense weight must be in [0, 1]: " + denseWeight);
    return new LinearFusion(List.of(1 - denseWeight, denseWeight));
  }

  @Override
  public List<Hit> fuse(List<List<Hit>> rankings, int k) {
    if (rankings.size() != weights.size())
      throw new IllegalArgumentException(
          rankings.size() + " rankings but " + weights.size() + " weights");
    Map<String, Hit> byId = new LinkedHashMap<>();
    Map<String, Double> scores = new LinkedHashMap<>();
    for (int r = 0; r < rankings.size(); r++) {
      List<Hit> ranking = rankings.get(r);
      if (ranking.isEmpty()) continue;
      double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
      for (Hit h : ranking) {
        min = Math.min(min, h.score());
        max = Math.max(max, h.score());
      }
      double range = max - min;
      for (Hit h : ranking) {
        double norm = range > 0 ? (h.score() - min) / range : 1.0;
        byId.putIfAbsent(h.chunk().id(), h);
        scores.merge(h.chunk().id(), weights.get(r) * norm, Double::sum);
      }
    }
    return ReciprocalRankFusion.top(byId, scores, k);
  }
}
