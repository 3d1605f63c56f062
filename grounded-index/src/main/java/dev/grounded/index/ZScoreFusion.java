package dev.grounded.index;

import dev.grounded.core.Hit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Z-score linear fusion: each ranking's scores are standardized (minus their mean, over their
 * standard deviation, both taken over that ranking's candidates), then combined with the given
 * weights. A chunk missing from a ranking gets that ranking's lowest z, as if it had come last.
 * With two rankings (BM25, dense) and weight w, the score is (1 - w) * z_bm25 + w * z_dense.
 *
 * <p>Unlike rank fusion this keeps how far a ranking's top stands out from the rest: a query whose
 * terms single out one document lexically gives BM25 a high top z and BM25 wins it, even under a
 * dense weight above one half; a flat BM25 list leaves the order to the dense ranking. Ties keep
 * the order of first appearance.
 */
public record ZScoreFusion(List<Double> weights) implements Fusion {
  public ZScoreFusion {
    weights = List.copyOf(weights);
    for (double w : weights) {
      if (!(w >= 0) || Double.isInfinite(w))
        throw new IllegalArgumentException("weights must be finite and >= 0: " + weights);
    }
  }

  /** BM25 first, dense second; {@code denseWeight} in [0, 1], BM25 gets the rest. */
  public static ZScoreFusion of(double denseWeight) {
    if (!(denseWeight >= 0 && denseWeight <= 1))
      throw new IllegalArgumentException("dense weight must be in [0, 1]: " + denseWeight);
    return new ZScoreFusion(List.of(1 - denseWeight, denseWeight));
  }

  @Override
  public List<Hit> fuse(List<List<Hit>> rankings, int k) {
    if (rankings.size() != weights.size())
      throw new IllegalArgumentException(
          rankings.size() + " rankings but " + weights.size() + " weights");
    Map<String, Hit> byId = new LinkedHashMap<>();
    List<Map<String, Double>> zs = new ArrayList<>(rankings.size());
    double[] lowest = new double[rankings.size()];
    for (int r = 0; r < rankings.size(); r++) {
      List<Hit> ranking = rankings.get(r);
      Map<String, Double> z = new LinkedHashMap<>();
      zs.add(z);
      if (ranking.isEmpty()) continue; // contributes nothing to anyone
      double sum = 0, squares = 0;
      for (Hit h : ranking) sum += h.score();
      double mean = sum / ranking.size();
      for (Hit h : ranking) squares += (h.score() - mean) * (h.score() - mean);
      double sd = Math.sqrt(squares / ranking.size());
      if (!(sd > 0)) sd = 1;
      lowest[r] = Double.POSITIVE_INFINITY;
      for (Hit h : ranking) {
        byId.putIfAbsent(h.chunk().id(), h);
        double v = (h.score() - mean) / sd;
        z.putIfAbsent(h.chunk().id(), v);
        lowest[r] = Math.min(lowest[r], v);
      }
    }
    Map<String, Double> scores = new LinkedHashMap<>();
    for (String id : byId.keySet()) {
      double s = 0;
      for (int r = 0; r < zs.size(); r++)
        s += weights.get(r) * zs.get(r).getOrDefault(id, lowest[r]);
      scores.put(id, s);
    }
    return ReciprocalRankFusion.top(byId, scores, k);
  }
}
