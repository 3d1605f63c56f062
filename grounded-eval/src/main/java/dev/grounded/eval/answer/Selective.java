package dev.grounded.eval.answer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Selective answering: how well the answerer's confidence separates answerable from unanswerable
 * questions, and what raising its abstention threshold would buy. An item that abstained counts as
 * confidence −∞ (it stays abstained at any threshold), so the curve covers thresholds at or above
 * the answerer's own.
 *
 * @param auroc the chance that an answerable question gets a higher confidence than an unanswerable
 *     one (ties count half); NaN without both kinds
 * @param points operating points for answer rates 0.9, 0.8, 0.7, 0.6 and 0.5 on the answerable
 *     questions, those that a threshold can reach
 */
public record Selective(double auroc, List<Point> points) {
  static final double[] TARGETS = {0.9, 0.8, 0.7, 0.6, 0.5};

  /**
   * Answering only when confidence ≥ {@code threshold} answers {@code answerRate} of the answerable
   * questions and abstains on {@code abstentionAccuracy} of the unanswerable ones.
   */
  public record Point(double threshold, double answerRate, double abstentionAccuracy) {}

  public Selective {
    points = List.copyOf(points);
  }

  public static Selective of(List<ItemResult> items) {
    double[] pos = confidences(items, true), neg = confidences(items, false);
    if (pos.length == 0 || neg.length == 0) return new Selective(Double.NaN, List.of());
    Arrays.sort(pos);
    Arrays.sort(neg);
    return new Selective(auroc(pos, neg), points(pos, neg));
  }

  private static double[] confidences(List<ItemResult> items, boolean answerable) {
    return items.stream()
        .filter(r -> !r.failed() && r.item().answerable() == answerable)
        .mapToDouble(
            r ->
                r.abstained() || Double.isNaN(r.confidence())
                    ? Double.NEGATIVE_INFINITY
                    : r.confidence())
        .toArray();
  }

  /** Mann-Whitney U over sorted arrays, ties counted half. */
  static double auroc(double[] pos, double[] neg) {
    double wins = 0;
    int below = 0, equal;
    for (double p : pos) {
      while (below < neg.length && neg[below] < p) below++;
      equal = 0;
      while (below + equal < neg.length && neg[below + equal] == p) equal++;
      wins += below + equal / 2.0;
    }
    return wins / ((double) pos.length * neg.length);
  }

  private static List<Point> points(double[] pos, double[] neg) {
    List<Point> out = new ArrayList<>();
    for (double target : TARGETS) {
      int keep = (int) Math.ceil(target * pos.length);
      double t = pos[pos.length - keep]; // the keep-th highest
      if (t == Double.NEGATIVE_INFINITY) continue; // more abstained than the target allows
      if (!out.isEmpty() && out.getLast().threshold() == t) continue; // the same point again
      out.add(
          new Point(
              t, atLeast(pos, t) / (double) pos.length, 1 - atLeast(neg, t) / (double) neg.length));
    }
    return out;
  }

  private static int atLeast(double[] sorted, double t) {
    int i = Arrays.binarySearch(sorted, t);
    if (i < 0) i = -i - 1;
    else while (i > 0 && sorted[i - 1] == t) i--;
    return sorted.length - i;
  }
}
