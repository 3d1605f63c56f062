package dev.grounded.gateway.learn;

import java.util.List;

/**
 * A logistic regression fitted deterministically: features standardized (mean 0, standard deviation
 * 1; a constant feature gets scale 1), weights from zero, full-batch gradient descent with an L2
 * penalty on the standardized weights. The same data give the same model.
 *
 * @param mean each feature's mean over the training rows
 * @param scale each feature's standard deviation (1 for a constant feature)
 * @param weights the weights of the standardized features
 * @param bias the intercept
 */
public record Logistic(double[] mean, double[] scale, double[] weights, double bias) {

  /**
   * Fits {@code x} (rows of equal length) to {@code labels} ({@code true} = the positive class).
   *
   * @throws IllegalArgumentException for no rows, mismatched sizes, rows of unequal length, or
   *     labels of one class only
   */
  public static Logistic fit(
      List<double[]> x, List<Boolean> labels, int iterations, double learningRate, double l2) {
    int n = x.size();
    if (n == 0 || n != labels.size())
      throw new IllegalArgumentException("need as many labels as rows, at least one: " + n);
    if (!labels.contains(true) || !labels.contains(false))
      throw new IllegalArgumentException("need rows of both classes");
    int d = x.getFirst().length;
    double[] mean = new double[d];
    double[] scale = new double[d];
    for (double[] row : x) {
      if (row.length != d)
        throw new IllegalArgumentException("every row needs " + d + " values, not " + row.length);
      for (int j = 0; j < d; j++) mean[j] += row[j] / n;
    }
    for (double[] row : x)
      for (int j = 0; j < d; j++) scale[j] += Math.pow(row[j] - mean[j], 2) / n;
    for (int j = 0; j < d; j++) scale[j] = scale[j] > 1e-12 ? Math.sqrt(scale[j]) : 1;
    double[][] z = new double[n][d];
    for (int i = 0; i < n; i++)
      for (int j = 0; j < d; j++) z[i][j] = (x.get(i)[j] - mean[j]) / scale[j];
    double[] w = new double[d];
    double b = 0;
    double[] grad = new double[d];
    for (int it = 0; it < iterations; it++) {
      java.util.Arrays.fill(grad, 0);
      double gradB = 0;
      for (int i = 0; i < n; i++) {
        double s = b;
        double[] row = z[i];
        for (int j = 0; j < d; j++) s += w[j] * row[j];
        double err = 1 / (1 + Math.exp(-s)) - (labels.get(i) ? 1 : 0);
        for (int j = 0; j < d; j++) grad[j] += err * row[j];
        gradB += err;
      }
      for (int j = 0; j < d; j++) w[j] -= learningRate * (grad[j] / n + l2 * w[j]);
      b -= learningRate * gradB / n;
    }
    return new Logistic(mean, scale, w, b);
  }

  /** The log-odds of the positive class for the raw (unstandardized) features {@code x}. */
  public double logit(double[] x) {
    double s = bias;
    for (int j = 0; j < weights.length; j++) s += weights[j] * (x[j] - mean[j]) / scale[j];
    return s;
  }

  /** The weights on the raw features (standardization folded in). */
  public double[] rawWeights() {
    double[] raw = new double[weights.length];
    for (int j = 0; j < raw.length; j++) raw[j] = weights[j] / scale[j];
    return raw;
  }

  /** The intercept on the raw features (standardization folded in). */
  public double rawBias() {
    double b = bias;
    for (int j = 0; j < weights.length; j++) b -= weights[j] * mean[j] / scale[j];
    return b;
  }
}
