package dev.grounded.bench;

import dev.grounded.gateway.cache.PairFeatures;
import java.util.List;

/**
 * Benchmark-only experiment for the semantic cache: the SBERT classification-head idea on frozen
 * bge-small vectors. A logistic regression over the element-wise product {@code u*v} and distance
 * {@code |u-v|} of the two 384-d sentence vectors plus the verifier's lexical features, trained
 * deterministically (batch gradient descent from zero weights on standardized features, L2) on
 * STS-B train. {@link SemanticCacheBench} prints its curve beside the shipped verifier's; it is not
 * shipped because it does not beat the lexical classifier on dev (see /work/notes/semverify3.md).
 */
final class EmbeddingPairHead {
  private static final int ITERATIONS = 400;
  private static final double LEARNING_RATE = 0.5;

  private final double[] mean;
  private final double[] sd;
  private final double[] w;
  private final double b;

  private EmbeddingPairHead(double[] mean, double[] sd, double[] w, double b) {
    this.mean = mean;
    this.sd = sd;
    this.w = w;
    this.b = b;
  }

  /**
   * The head's input for one pair: u*v, |u-v| (both 384-d for bge-small), then the lexical ones.
   */
  static double[] input(float[] u, float[] v, PairFeatures f) {
    double nu = norm(u), nv = norm(v);
    double[] x = new double[2 * u.length + 7];
    for (int i = 0; i < u.length; i++) {
      double a = u[i] / nu, c = v[i] / nv;
      x[i] = a * c;
      x[u.length + i] = Math.abs(a - c);
    }
    double[] lex = {
      f.cosine(),
      f.overlap(),
      f.unmatchedMax(),
      f.unmatchedMin(),
      f.names(),
      f.lengthRatio(),
      f.cosine() * f.overlap()
    };
    System.arraycopy(lex, 0, x, 2 * u.length, lex.length);
    return x;
  }

  /** Fits the head to the inputs ({@code true} = paraphrase) with L2 penalty {@code l2}. */
  static EmbeddingPairHead train(List<double[]> inputs, List<Boolean> paraphrase, double l2) {
    int n = inputs.size(), d = inputs.get(0).length;
    double[] mean = new double[d], sd = new double[d];
    for (double[] x : inputs) for (int j = 0; j < d; j++) mean[j] += x[j] / n;
    for (double[] x : inputs) for (int j = 0; j < d; j++) sd[j] += Math.pow(x[j] - mean[j], 2) / n;
    for (int j = 0; j < d; j++) sd[j] = Math.sqrt(sd[j]) + 1e-9;
    double[][] z = new double[n][d];
    for (int i = 0; i < n; i++)
      for (int j = 0; j < d; j++) z[i][j] = (inputs.get(i)[j] - mean[j]) / sd[j];
    double[] w = new double[d];
    double b = 0;
    for (int it = 0; it < ITERATIONS; it++) {
      double[] grad = new double[d];
      double gradB = 0;
      for (int i = 0; i < n; i++) {
        double s = b;
        for (int j = 0; j < d; j++) s += w[j] * z[i][j];
        double err = 1 / (1 + Math.exp(-s)) - (paraphrase.get(i) ? 1 : 0);
        for (int j = 0; j < d; j++) grad[j] += err * z[i][j] / n;
        gradB += err / n;
      }
      for (int j = 0; j < d; j++) w[j] -= LEARNING_RATE * (grad[j] + l2 * w[j]);
      b -= LEARNING_RATE * gradB;
    }
    return new EmbeddingPairHead(mean, sd, w, b);
  }

  /** The log-odds that the pair is a paraphrase. */
  double logit(double[] x) {
    double s = b;
    for (int j = 0; j < w.length; j++) s += w[j] * (x[j] - mean[j]) / sd[j];
    return s;
  }

  private static double norm(float[] v) {
    double s = 0;
    for (float f : v) s += (double) f * f;
    return s == 0 ? 1 : Math.sqrt(s);
  }
}
