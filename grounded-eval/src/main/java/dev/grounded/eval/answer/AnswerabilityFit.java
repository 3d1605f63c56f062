package dev.grounded.eval.answer;

import dev.grounded.answer.Answerability;
import dev.grounded.answer.AnswerabilityModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Fits the {@link AnswerabilityModel} (an L2-regularised logistic regression, by Newton's method on
 * standardised features) to questions labelled answerable or not, and measures how well a
 * confidence separates them: AUROC and operating points (answer rate on the answerable questions,
 * abstention accuracy on the others, at a threshold).
 */
public final class AnswerabilityFit {
  private AnswerabilityFit() {}

  /**
   * One question's features.
   *
   * @param group its group (a SQuAD article), for splitting by group
   * @param x the best sentence's features, null when the context had no sentence to quote (the
   *     answerer abstains whatever the threshold)
   */
  public record Example(String id, int group, boolean answerable, double[] x) {
    public Example {
      Objects.requireNonNull(id, "id");
      if (x != null && x.length != Answerability.NAMES.size())
        throw new IllegalArgumentException("expected " + Answerability.NAMES.size() + " features");
    }
  }

  /** A one-part model fitted by {@link #fit(String, List, double)}. */
  public static AnswerabilityModel fit(List<Example> examples, double l2) {
    return new AnswerabilityModel(List.of(fit("answers", examples, l2)));
  }

  /** Fits a logistic part on the examples that have features; {@code l2} on standardised scale. */
  public static AnswerabilityModel.Part fit(String name, List<Example> examples, double l2) {
    List<Example> train = examples.stream().filter(e -> e.x() != null).toList();
    int d = Answerability.NAMES.size(), n = train.size();
    if (n == 0) throw new IllegalArgumentException("no examples with features");
    double[] mean = new double[d], sd = new double[d];
    for (Example e : train) for (int j = 0; j < d; j++) mean[j] += e.x()[j] / n;
    for (Example e : train)
      for (int j = 0; j < d; j++) sd[j] += (e.x()[j] - mean[j]) * (e.x()[j] - mean[j]) / n;
    for (int j = 0; j < d; j++) sd[j] = Math.sqrt(sd[j]);
    double[][] z = new double[n][d + 1]; // column 0: the intercept
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      z[i][0] = 1;
      for (int j = 0; j < d; j++)
        z[i][j + 1] = sd[j] > 1e-12 ? (train.get(i).x()[j] - mean[j]) / sd[j] : 0;
      y[i] = train.get(i).answerable() ? 1 : 0;
    }
    double[] beta = new double[d + 1];
    for (int iter = 0; iter < 50; iter++) {
      double[] grad = new double[d + 1];
      double[][] hess = new double[d + 1][d + 1];
      for (int i = 0; i < n; i++) {
        double p = sigmoid(dot(beta, z[i]));
        double w = Math.max(p * (1 - p), 1e-9);
        for (int a = 0; a <= d; a++) {
          grad[a] += (y[i] - p) * z[i][a];
          for (int b = 0; b <= d; b++) hess[a][b] += w * z[i][a] * z[i][b];
        }
      }
      for (int a = 1; a <= d; a++) {
        grad[a] -= l2 * n * beta[a];
        hess[a][a] += l2 * n;
      }
      for (int a = 0; a <= d; a++) hess[a][a] += 1e-9;
      double[] step = solve(hess, grad);
      double size = 0;
      for (int a = 0; a <= d; a++) {
        beta[a] += step[a];
        size = Math.max(size, Math.abs(step[a]));
      }
      if (size < 1e-8) break;
    }
    double intercept = beta[0];
    List<Double> weights = new ArrayList<>(d);
    for (int j = 0; j < d; j++) {
      double w = sd[j] > 1e-12 ? beta[j + 1] / sd[j] : 0;
      intercept -= w * mean[j];
      weights.add(w);
    }
    return new AnswerabilityModel.Part(name, intercept, weights);
  }

  /** Solves {@code a x = b} by Gaussian elimination with partial pivoting. */
  static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    double[][] m = new double[n][];
    for (int i = 0; i < n; i++) {
      m[i] = Arrays.copyOf(a[i], n + 1);
      m[i][n] = b[i];
    }
    for (int c = 0; c < n; c++) {
      int p = c;
      for (int r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
      double[] t = m[c];
      m[c] = m[p];
      m[p] = t;
      for (int r = c + 1; r < n; r++) {
        double f = m[r][c] / m[c][c];
        for (int k = c; k <= n; k++) m[r][k] -= f * m[c][k];
      }
    }
    double[] x = new double[n];
    for (int r = n - 1; r >= 0; r--) {
      double s = m[r][n];
      for (int k = r + 1; k < n; k++) s -= m[r][k] * x[k];
      x[r] = s / m[r][r];
    }
    return x;
  }

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }

  /** A confidence for examples: a model's, or one feature's; −∞ for an example without features. */
  public static ToDoubleFunction<Example> confidence(AnswerabilityModel model) {
    return e ->
        e.x() == null
            ? Double.NEGATIVE_INFINITY
            : model.confidence(new Answerability.Features(e.x(), Answerability.AnswerType.NONE));
  }

  public static ToDoubleFunction<Example> feature(String name) {
    int j = Answerability.NAMES.indexOf(name);
    if (j < 0) throw new IllegalArgumentException("no feature " + name);
    return e -> e.x() == null ? Double.NEGATIVE_INFINITY : e.x()[j];
  }

  /** AUROC of the confidence, answerable vs unanswerable (ties count half). */
  public static double auroc(List<Example> examples, ToDoubleFunction<Example> confidence) {
    double[] pos = values(examples, confidence, true), neg = values(examples, confidence, false);
    if (pos.length == 0 || neg.length == 0) return Double.NaN;
    return Selective.auroc(pos, neg);
  }

  /**
   * The threshold at which the confidence answers {@code answerRate} of the answerable examples.
   */
  public static double thresholdFor(
      List<Example> examples, ToDoubleFunction<Example> confidence, double answerRate) {
    double[] pos = values(examples, confidence, true);
    if (pos.length == 0) throw new IllegalArgumentException("no answerable examples");
    int keep = Math.max(1, (int) Math.ceil(answerRate * pos.length));
    return pos[pos.length - keep];
  }

  /** Answering when the confidence is at least {@code threshold}. */
  public static Selective.Point at(
      List<Example> examples, ToDoubleFunction<Example> confidence, double threshold) {
    double[] pos = values(examples, confidence, true), neg = values(examples, confidence, false);
    long answered = Arrays.stream(pos).filter(c -> c >= threshold).count();
    long abstained = Arrays.stream(neg).filter(c -> c < threshold).count();
    return new Selective.Point(
        threshold,
        pos.length == 0 ? Double.NaN : answered / (double) pos.length,
        neg.length == 0 ? Double.NaN : abstained / (double) neg.length);
  }

  private static double[] values(
      List<Example> examples, ToDoubleFunction<Example> confidence, boolean answerable) {
    return examples.stream()
        .filter(e -> e.answerable() == answerable)
        .mapToDouble(confidence)
        .sorted()
        .toArray();
  }
}
