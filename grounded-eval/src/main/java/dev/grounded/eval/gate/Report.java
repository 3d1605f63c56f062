package dev.grounded.eval.gate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a gate needs from an evaluation report: its metrics by name, in report order, and which of
 * them are better when lower (error rates, latency, cost).
 */
public record Report(
    String source,
    Map<String, Double> metrics,
    Set<String> lowerIsBetter,
    Map<String, String> ungateable,
    String datasetVersion) {
  public Report {
    Objects.requireNonNull(source, "source");
    metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    lowerIsBetter = Set.copyOf(lowerIsBetter);
    ungateable = Map.copyOf(ungateable);
  }

  public Report(String source, Map<String, Double> metrics, Set<String> lowerIsBetter) {
    this(source, metrics, lowerIsBetter, Map.of(), null);
  }

  public boolean lowerIsBetter(String metric) {
    return lowerIsBetter.contains(metric);
  }
}
