package dev.grounded.eval.stats;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap confidence intervals of a mean: the items are resampled with replacement
 * {@code resamples} times and the interval is read off the sorted resampled means. Seeded, so the
 * same inputs give the same interval.
 */
public final class Bootstrap {
  public static final int DEFAULT_RESAMPLES = 1000;
  public static final long DEFAULT_SEED = 42;

  private Bootstrap() {}

  /** A sample mean and the bootstrap interval around it. */
  public record Interval(double mean, double low, double high, double confidence) {}

  /** The 95% interval with the default resamples and seed. */
  public static Interval mean(double[] values) {
    return mean(values, 0.95, DEFAULT_RESAMPLES, DEFAULT_SEED);
  }

  public static Interval mean(double[] values, double confidence, int resamples, long seed) {
    if (values.length == 0) throw new IllegalArgumentException("no values");
    if (!(confidence > 0 && confidence < 1))
      throw new IllegalArgumentException("confidence must be in (0, 1): " + confidence);
    if (resamples < 1) throw new IllegalArgumentException("resamples must be >= 1: " + resamples);
    double mean = Arrays.stream(values).average().orElseThrow();
    SplittableRandom random = new SplittableRandom(seed);
    double[] means = new double[resamples];
    for (int r = 0; r < resamples; r++) {
      double sum = 0;
      for (int i = 0; i < values.length; i++) sum += values[random.nextInt(values.length)];
      means[r] = sum / values.length;
    }
    Arrays.sort(means);
    double tail = (1 - confidence) / 2;
    double low = means[(int) Math.floor(tail * (resamples - 1))];
    double high = means[(int) Math.ceil((1 - tail) * (resamples - 1))];
    return new Interval(mean, low, high, confidence);
  }
}
