package dev.grounded.cli;

import dev.grounded.index.RetrievalSettings;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * Hybrid fusion for one command, over the collection's saved setting: each option given replaces
 * that part of it, e.g. {@code --fusion rrf --rrf-k 20 --dense-weight 0.6}. {@code --fusion-weight
 * W} is the older spelling of {@code --fusion linear --dense-weight W}.
 */
final class FusionOptions {
  @Option(
      names = "--fusion",
      paramLabel = "METHOD",
      description =
          "Hybrid: rrf (reciprocal rank fusion), linear (min-max normalized scores) or zscore"
              + " (standardized scores) (default: the collection's saved setting, else zscore).")
  String method;

  @Option(
      names = "--rrf-k",
      paramLabel = "K",
      description = "Hybrid RRF: the rank constant k (>= 1; default: the collection's setting).")
  Integer rrfK;

  @Option(
      names = "--dense-weight",
      paramLabel = "W",
      description =
          "Hybrid: the dense ranking's weight in [0,1], BM25 gets the rest; 0.5 counts both the"
              + " same (default: the collection's setting).")
  Double denseWeight;

  @Option(
      names = "--fusion-depth",
      paramLabel = "N",
      description =
          "Hybrid: candidates each ranking contributes, 1..1000 (default: the collection's"
              + " setting).")
  Integer depth;

  @Option(
      names = "--fusion-weight",
      paramLabel = "W",
      description = "Hybrid: the same as --fusion linear --dense-weight W.")
  Double linearWeight;

  /** The saved setting with every option given applied; usage errors name the option. */
  RetrievalSettings apply(RetrievalSettings saved) {
    weight("--fusion-weight", linearWeight);
    weight("--dense-weight", denseWeight);
    if (linearWeight != null && (method != null || denseWeight != null))
      throw Usage.error(
          "fusion-weight", "--fusion-weight cannot be combined with --fusion or --dense-weight");
    RetrievalSettings.Method m = saved.method();
    double w = saved.denseWeight();
    if (linearWeight != null) {
      m = RetrievalSettings.Method.LINEAR;
      w = linearWeight;
    }
    if (method != null) {
      m =
          switch (method.toLowerCase(Locale.ROOT)) {
            case "rrf" -> RetrievalSettings.Method.RRF;
            case "linear" -> RetrievalSettings.Method.LINEAR;
            case "zscore" -> RetrievalSettings.Method.ZSCORE;
            default ->
                throw Usage.error(
                    "fusion", "--fusion must be rrf, linear or zscore, got '" + method + "'");
          };
      // a method other than the saved one starts from that method's defaults
      if (m != saved.method())
        w =
            switch (m) {
              case RRF -> defaultRrfWeight();
              case LINEAR -> 0.5;
              case ZSCORE -> RetrievalSettings.DEFAULT_DENSE_WEIGHT;
            };
    }
    if (denseWeight != null) w = denseWeight;
    int k = rrfK != null ? rrfK : m == saved.method() ? saved.rrfK() : defaultRrfK();
    if (rrfK != null && rrfK < 1) throw Usage.error("rrf-k", "--rrf-k must be >= 1, got " + rrfK);
    if (depth != null && (depth < 1 || depth > 1000))
      throw Usage.error("fusion-depth", "--fusion-depth must be in 1..1000, got " + depth);
    int d = depth != null ? depth : saved.depth();
    return new RetrievalSettings(m, k, w, d, saved.rerankDepth());
  }

  private static int defaultRrfK() {
    return RetrievalSettings.DEFAULTS.method() == RetrievalSettings.Method.RRF
        ? RetrievalSettings.DEFAULTS.rrfK()
        : dev.grounded.index.ReciprocalRankFusion.DEFAULT_K;
  }

  private static double defaultRrfWeight() {
    return RetrievalSettings.DEFAULTS.method() == RetrievalSettings.Method.RRF
        ? RetrievalSettings.DEFAULTS.denseWeight()
        : 0.5;
  }

  private static void weight(String option, Double w) {
    if (w != null && !(w >= 0 && w <= 1))
      throw Usage.error(option.substring(2), option + " must be in [0, 1], got " + w);
  }
}
