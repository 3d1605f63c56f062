package dev.grounded.guard.linear;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Fits a {@link LinearTextClassifier}: weighted logistic regression with an L2 penalty, by AdaGrad
 * over the examples in an order shuffled by the seed. The same examples, settings and seed give the
 * same model, bit for bit (one thread, a fixed order of floating-point operations).
 */
public final class LogisticTrainer {
  /**
   * One training text.
   *
   * @param group examples of one group (say, one attack planted in several documents) fall in the
   *     same fold when {@link #folds cross-validating}, so a fold never sees a near copy of what it
   *     is scored on
   */
  public record Example(String text, boolean positive, double weight, String group) {
    public Example {
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(group, "group");
      if (!(weight > 0)) throw new IllegalArgumentException("weight " + weight + " must be > 0");
    }
  }

  /**
   * How to fit.
   *
   * @param window the model's scoring window in normalized characters (see {@link
   *     LinearTextClassifier})
   * @param l2 the penalty per example step on each touched weight
   */
  public record Settings(
      TextFeatures features,
      int window,
      int stride,
      int epochs,
      double learningRate,
      double l2,
      long seed) {}

  private LogisticTrainer() {}

  /** Fits a model on all the examples. */
  public static LinearTextClassifier train(List<Example> examples, Settings s) {
    List<SparseVector> x = new ArrayList<>(examples.size());
    for (Example e : examples) x.add(LinearTextClassifier.vector(s.features(), e.text()));
    return fit(examples, x, all(examples.size()), s);
  }

  /**
   * Models for cross-validation: the groups are shuffled by the seed and dealt into {@code k}
   * folds; {@link Folds#model(String)} is the model fitted without the group's fold, the one to
   * score anything of that group with.
   */
  public record Folds(Map<String, Integer> foldOfGroup, List<LinearTextClassifier> models) {
    public LinearTextClassifier model(String group) {
      Integer f = foldOfGroup.get(group);
      if (f == null) throw new IllegalArgumentException("no training group " + group);
      return models.get(f);
    }
  }

  /** Fits {@code k} models, each on the examples outside one fold of groups. */
  public static Folds folds(List<Example> examples, Settings s, int k) {
    List<SparseVector> x = new ArrayList<>(examples.size());
    for (Example e : examples) x.add(LinearTextClassifier.vector(s.features(), e.text()));
    Map<String, Integer> foldOfGroup = new LinkedHashMap<>();
    for (Example e : examples) foldOfGroup.putIfAbsent(e.group(), 0);
    List<String> groups = new ArrayList<>(foldOfGroup.keySet());
    Collections.shuffle(groups, new Random(s.seed() ^ 0x5eedL));
    for (int i = 0; i < groups.size(); i++) foldOfGroup.put(groups.get(i), i % k);
    List<LinearTextClassifier> models = new ArrayList<>();
    for (int f = 0; f < k; f++) {
      List<Integer> train = new ArrayList<>();
      for (int i = 0; i < examples.size(); i++)
        if (foldOfGroup.get(examples.get(i).group()) != f) train.add(i);
      models.add(fit(examples, x, train, s));
    }
    return new Folds(Map.copyOf(foldOfGroup), List.copyOf(models));
  }

  private static List<Integer> all(int n) {
    List<Integer> all = new ArrayList<>(n);
    for (int i = 0; i < n; i++) all.add(i);
    return all;
  }

  private static LinearTextClassifier fit(
      List<Example> examples, List<SparseVector> x, List<Integer> rows, Settings s) {
    int buckets = s.features().buckets();
    float[] w = new float[buckets];
    float[] g2 = new float[buckets];
    double bias = 0;
    double biasG2 = 0;
    int[] order = rows.stream().mapToInt(Integer::intValue).toArray();
    Random random = new Random(s.seed());
    float rate = (float) s.learningRate();
    float l2 = (float) s.l2();
    for (int epoch = 0; epoch < s.epochs(); epoch++) {
      for (int i = order.length - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      for (int row : order) {
        SparseVector v = x.get(row);
        Example e = examples.get(row);
        double z = bias;
        for (int k = 0; k < v.size(); k++) z += w[v.index(k)] * v.value(k);
        float err =
            (float) ((LinearTextClassifier.sigmoid(z) - (e.positive() ? 1 : 0)) * e.weight());
        for (int k = 0; k < v.size(); k++) {
          int b = v.index(k);
          float g = err * v.value(k) + l2 * w[b];
          g2[b] += g * g;
          w[b] -= rate * g / (float) Math.sqrt(g2[b] + 1e-8f);
        }
        biasG2 += (double) err * err;
        bias -= rate * err / Math.sqrt(biasG2 + 1e-8);
      }
    }
    return new LinearTextClassifier(s.features(), w, (float) bias, s.window(), s.stride());
  }
}
