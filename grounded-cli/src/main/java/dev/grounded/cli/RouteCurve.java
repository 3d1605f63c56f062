package dev.grounded.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How routing held-out questions by a probability threshold does: routing accuracy (the decision
 * against the label), the share sent to the strong model, the quality of the routed answers (share
 * right), the cost saved against sending everything to the strong model, and the quality lost.
 *
 * @param costRatio what one strong call costs in cheap calls
 */
record RouteCurve(List<RoutePairs.Pair> pairs, double[] probability, double costRatio) {
  /** The figures at one threshold. */
  record Point(
      double threshold,
      double toStrong,
      double accuracy,
      double quality,
      double costSaved,
      double qualityLost) {
    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("threshold", threshold);
      m.put("to_strong", round(toStrong));
      m.put("routing_accuracy", round(accuracy));
      m.put("quality", round(quality));
      m.put("cost_saved", round(costSaved));
      m.put("quality_lost", round(qualityLost));
      return m;
    }

    String row() {
      return String.format(
          Locale.ROOT,
          "%9.2f %9.1f%% %9.1f%% %8.1f%% %10.1f%% %12.1f%n",
          threshold,
          100 * toStrong,
          100 * accuracy,
          100 * quality,
          100 * costSaved,
          100 * qualityLost);
    }
  }

  static final String HEADER =
      String.format(
          Locale.ROOT,
          "%9s %10s %10s %9s %11s %12s%n",
          "threshold",
          "to strong",
          "accuracy",
          "quality",
          "cost saved",
          "quality lost");

  Point at(double threshold) {
    int n = pairs.size();
    int strong = 0, agree = 0, right = 0, strongRight = 0;
    for (int i = 0; i < n; i++) {
      RoutePairs.Pair p = pairs.get(i);
      boolean toStrong = probability[i] >= threshold;
      if (toStrong) strong++;
      if (toStrong == p.needsStrong()) agree++;
      if (toStrong ? p.strongRight() : p.cheapRight()) right++;
      if (p.strongRight()) strongRight++;
    }
    double cost = (n - strong) + costRatio * strong;
    return new Point(
        threshold,
        (double) strong / n,
        (double) agree / n,
        (double) right / n,
        1 - cost / (costRatio * n),
        (double) (strongRight - right) / n);
  }

  /** Thresholds 0.02, 0.05, 0.1 to 0.9 and {@code chosen}, ascending, without repeats. */
  List<Point> curve(double chosen) {
    java.util.TreeSet<Double> ts = new java.util.TreeSet<>(List.of(0.02, 0.05));
    for (int i = 1; i <= 9; i++) ts.add(i / 10.0);
    if (ts.stream().noneMatch(t -> Math.abs(t - chosen) < 1e-9)) ts.add(chosen);
    List<Point> out = new ArrayList<>();
    for (double t : ts) out.add(at(t));
    return out;
  }

  /** Expected quality of sending a random {@code share} to the strong model. */
  double randomQuality(double share) {
    return quality(false) + share * (quality(true) - quality(false));
  }

  /** Share right when everything goes to the cheap (or strong) model. */
  double quality(boolean strong) {
    long right = pairs.stream().filter(p -> strong ? p.strongRight() : p.cheapRight()).count();
    return (double) right / pairs.size();
  }

  /**
   * The highest threshold (of 0.01 to 0.99) whose quality lost is at most {@code maxLoss}: the one
   * that saves the most while losing at most that much; 0 (everything strong) when none does.
   */
  double highestWithin(double maxLoss) {
    double best = 0;
    for (int i = 1; i <= 99; i++) {
      double t = i / 100.0;
      if (at(t).qualityLost() <= maxLoss + 1e-12) best = t;
    }
    return best;
  }

  static double round(double x) {
    return Math.round(x * 10_000) / 10_000.0;
  }
}
