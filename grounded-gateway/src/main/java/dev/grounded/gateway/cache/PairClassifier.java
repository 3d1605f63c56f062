package dev.grounded.gateway.cache;

import dev.grounded.gateway.learn.Logistic;
import java.util.Arrays;
import java.util.List;

/**
 * A logistic regression over a handful of {@link PairFeatures}: the log-odds that a cached turn is
 * a paraphrase of the new one (STS-B score &gt;= 4) and may answer it.
 *
 * <p>{@link #BGE_SMALL_STSB} holds the weights trained by {@link #train} on the STS-B train split
 * embedded with bge-small-en-v1.5 (quantized), on the pairs the verifier actually scores (cosine at
 * least {@link SemanticMatch#MIN_COSINE}, no guard tripped); {@code ./bench/run semcache} retrains
 * them and prints them beside these constants. Training is plain batch gradient descent on
 * standardized features from zero weights, so it is deterministic.
 */
public final class PairClassifier {
  /** Feature names, in the order of {@link #weights()}. */
  public static final List<String> FEATURES =
      List.of(
          "cosine",
          "overlap",
          "unmatchedMax",
          "unmatchedMin",
          "names",
          "lengthRatio",
          "cosine*overlap");

  /** Trained on STS-B train (see the class comment); retrain when the embedding model changes. */
  public static final PairClassifier BGE_SMALL_STSB =
      new PairClassifier(
          new double[] {22.3002, 0.0206, -0.1702, 0.2162, 0.0137, 0.6794, 0.7342}, -20.7068);

  private static final int ITERATIONS = 3000;
  private static final double LEARNING_RATE = 0.5;
  private static final double L2 = 1e-2;

  private final double[] weights;
  private final double bias;

  public PairClassifier(double[] weights, double bias) {
    if (weights.length != FEATURES.size())
      throw new IllegalArgumentException(
          "need " + FEATURES.size() + " weights, got " + weights.length);
    for (double w : weights)
      if (!Double.isFinite(w)) throw new IllegalArgumentException("weights must be finite");
    if (!Double.isFinite(bias)) throw new IllegalArgumentException("bias must be finite");
    this.weights = weights.clone();
    this.bias = bias;
  }

  /** The log-odds that the pair is a paraphrase. */
  public double logit(PairFeatures f) {
    double[] x = vector(f);
    double z = bias;
    for (int i = 0; i < x.length; i++) z += weights[i] * x[i];
    return z;
  }

  public double[] weights() {
    return weights.clone();
  }

  public double bias() {
    return bias;
  }

  static double[] vector(PairFeatures f) {
    return new double[] {
      f.cosine(),
      f.overlap(),
      f.unmatchedMax(),
      f.unmatchedMin(),
      f.names(),
      f.lengthRatio(),
      f.cosine() * f.overlap()
    };
  }

  /**
   * Fits the weights to labelled pairs ({@code true} = paraphrase).
   *
   * @throws IllegalArgumentException for no pairs, mismatched lists or only one class
   */
  public static PairClassifier train(List<PairFeatures> pairs, List<Boolean> paraphrase) {
    int n = pairs.size();
    if (n == 0 || n != paraphrase.size())
      throw new IllegalArgumentException("need as many labels as pairs, at least one: " + n);
    if (!paraphrase.contains(true) || !paraphrase.contains(false))
      throw new IllegalArgumentException("need both paraphrases and non-paraphrases");
    List<double[]> x = new java.util.ArrayList<>(n);
    for (PairFeatures f : pairs) x.add(vector(f));
    Logistic fit = Logistic.fit(x, paraphrase, ITERATIONS, LEARNING_RATE, L2);
    return new PairClassifier(fit.rawWeights(), fit.rawBias());
  }

  @Override
  public String toString() {
    return "PairClassifier" + Arrays.toString(weights) + " + " + bias;
  }
}
