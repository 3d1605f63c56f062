package dev.grounded.eval.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How far two raters agree on the same items, each label one of a fixed list of categories (in
 * order, for an ordinal scale): observed agreement, Cohen's kappa and the confusion matrix (rows
 * the first rater, columns the second). Kappa is NaN when chance agreement is 1 (both raters always
 * gave the same single label), as scikit-learn reports it.
 */
public record Agreement(
    List<String> categories,
    int items,
    double observed,
    double expected,
    double kappa,
    Weights weights,
    List<List<Integer>> confusion) {

  /** Disagreement weights: nominal (all disagreements alike) or ordinal by distance. */
  public enum Weights {
    NONE,
    LINEAR,
    QUADRATIC;

    double of(int i, int j, int k) {
      if (k == 1) return i == j ? 0 : 1;
      double d = Math.abs(i - j) / (double) (k - 1);
      return switch (this) {
        case NONE -> i == j ? 0 : 1;
        case LINEAR -> d;
        case QUADRATIC -> d * d;
      };
    }
  }

  public Agreement {
    categories = List.copyOf(categories);
    Objects.requireNonNull(weights, "weights");
    List<List<Integer>> rows = new ArrayList<>();
    for (List<Integer> row : confusion) rows.add(List.copyOf(row));
    confusion = List.copyOf(rows);
  }

  /**
   * Agreement of raters {@code a} and {@code b}, item by item; every label must be one of {@code
   * categories}.
   */
  public static Agreement of(
      List<String> a, List<String> b, List<String> categories, Weights weights) {
    if (a.size() != b.size())
      throw new IllegalArgumentException(a.size() + " labels against " + b.size());
    if (a.isEmpty()) throw new IllegalArgumentException("no items to compare");
    if (categories.isEmpty() || categories.stream().distinct().count() != categories.size())
      throw new IllegalArgumentException(
          "categories must be distinct and not empty: " + categories);
    int k = categories.size();
    int[][] counts = new int[k][k];
    for (int i = 0; i < a.size(); i++)
      counts[index(categories, a.get(i), "first", i)][index(categories, b.get(i), "second", i)]++;
    double n = a.size();
    double[] rows = new double[k];
    double[] cols = new double[k];
    for (int i = 0; i < k; i++)
      for (int j = 0; j < k; j++) {
        rows[i] += counts[i][j] / n;
        cols[j] += counts[i][j] / n;
      }
    double agree = 0, observedDisagreement = 0, expectedDisagreement = 0, chance = 0;
    for (int i = 0; i < k; i++) {
      agree += counts[i][i] / n;
      chance += rows[i] * cols[i];
      for (int j = 0; j < k; j++) {
        double w = weights.of(i, j, k);
        observedDisagreement += w * counts[i][j] / n;
        expectedDisagreement += w * rows[i] * cols[j];
      }
    }
    double kappa =
        expectedDisagreement == 0 ? Double.NaN : 1 - observedDisagreement / expectedDisagreement;
    List<List<Integer>> matrix = new ArrayList<>();
    for (int[] row : counts) matrix.add(java.util.Arrays.stream(row).boxed().toList());
    return new Agreement(categories, a.size(), agree, chance, kappa, weights, matrix);
  }

  private static int index(List<String> categories, String label, String rater, int item) {
    int i = categories.indexOf(Objects.requireNonNull(label, "label"));
    if (i < 0)
      throw new IllegalArgumentException(
          "item "
              + (item + 1)
              + ": the "
              + rater
              + " rater's label '"
              + label
              + "' is not one of "
              + categories);
    return i;
  }
}
