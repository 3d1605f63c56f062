package dev.grounded.eval.stats;

/**
 * The unbiased pass@k estimator of Chen et al. (2021, "Evaluating Large Language Models Trained on
 * Code"): from {@code n} samples of which {@code c} pass, the probability that at least one of
 * {@code k} samples drawn without replacement passes, 1 - C(n-c, k) / C(n, k). Computed as a
 * product, which stays exact in double precision where the binomials would overflow.
 */
public final class PassAtK {
  private PassAtK() {}

  public static double estimate(int n, int c, int k) {
    if (n < 1 || c < 0 || c > n || k < 1 || k > n)
      throw new IllegalArgumentException(
          "need 1 <= k <= n and 0 <= c <= n: n=" + n + ", c=" + c + ", k=" + k);
    if (n - c < k) return 1.0;
    // C(n-c, k) / C(n, k) = prod_{i = n-c+1}^{n} (1 - k / i)
    double fail = 1.0;
    for (int i = n - c + 1; i <= n; i++) fail *= 1.0 - k / (double) i;
    return 1.0 - fail;
  }
}
