package dev.grounded.bench;

import dev.grounded.gateway.cache.PairFeatures;
import dev.grounded.gateway.learn.Logistic;
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

  private final Logistic model;

  private EmbeddingPairHead(Logistic model) {
    this.model = model;
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
    return new EmbeddingPairHead(Logistic.fit(inputs, paraphrase, ITERATIONS, LEARNING_RATE, l2));
  }

  /** The log-odds that the pair is a paraphrase. */
  double logit(double[] x) {
    return model.logit(x);
  }

  private static double norm(float[] v) {
    double s = 0;
    for (float f : v) s += (double) f * f;
    return s == 0 ? 1 : Math.sqrt(s);
  }
}
