package dev.grounded.audit.drift;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the drift monitor samples and when it alerts.
 *
 * @param sampleRate the share of answers sampled, 0 to 1 (by request id, so a request is sampled or
 *     not whatever process sees it)
 * @param baselineDays the days before today whose samples form the baseline
 * @param minSamples a day and a baseline need this many samples before they are compared
 * @param bands how far today's value of a metric may move from the baseline before it alerts, by
 *     metric name ({@link DriftStore#METRICS}); a metric without a band never alerts
 * @param webhook where alerts are also POSTed as JSON, if anywhere
 */
public record DriftSettings(
    double sampleRate,
    int baselineDays,
    int minSamples,
    Map<String, Double> bands,
    Optional<URI> webhook) {
  /** Bands chosen as changes a team would want to hear about, not tuned on any data set. */
  public static final Map<String, Double> DEFAULT_BANDS =
      Map.of(
          "abstention_rate",
          0.15,
          "support",
          0.15,
          "guard_rate",
          0.10,
          "withheld_rate",
          0.10,
          DriftStore.REPLAY,
          0.10);

  public static final DriftSettings DEFAULTS =
      new DriftSettings(0.1, 7, 20, DEFAULT_BANDS, Optional.empty());

  public DriftSettings {
    if (!(sampleRate >= 0 && sampleRate <= 1))
      throw new IllegalArgumentException("sampleRate must be in 0..1");
    if (baselineDays < 1) throw new IllegalArgumentException("baselineDays must be >= 1");
    if (minSamples < 1) throw new IllegalArgumentException("minSamples must be >= 1");
    bands = Map.copyOf(bands);
    for (String m : bands.keySet())
      if (!DriftStore.METRICS.contains(m) && !m.equals(DriftStore.REPLAY))
        throw new IllegalArgumentException(
            "unknown drift metric '" + m + "': expected one of " + DriftStore.METRICS);
    Objects.requireNonNull(webhook, "webhook");
  }
}
