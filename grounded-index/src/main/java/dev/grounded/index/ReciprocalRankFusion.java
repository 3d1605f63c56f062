package dev.grounded.index;

import dev.grounded.core.Hit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal rank fusion (Cormack et al., 2009): score(d) = sum over rankings of 1 / (k0 +
 * rank(d)), rank from 1. Ties keep the order of first appearance, so the result is deterministic.
 */
public record ReciprocalRankFusion(int k0) implements Fusion {
  public static final int DEFAULT_K = 60;

  public ReciprocalRankFusion {
    if (k0 < 0) throw new IllegalArgumentException("k0 must be >= 0: " + k0);
  }

  @Override
  public List<Hit> fuse(List<List<Hit>> rankings, int k) {
    Map<String, Hit> byId = new LinkedHashMap<>();
    Map<String, Double> scores = new LinkedHashMap<>();
    for (List<Hit> ranking : rankings) {
      for (int i = 0; i < ranking.size(); i++) {
        Hit h = ranking.get(i);
        String id = h.chunk().id();
        byId.putIfAbsent(id, h);
        scores.merge(id, 1.0 / (k0 + i + 1), Double::sum);
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
