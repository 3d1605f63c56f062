package dev.grounded.eval.judge;

import java.util.List;
import java.util.Locale;

/** The text form of a {@link Calibration}: figures, the confusion matrix and the verdict. */
public final class CalibrationTable {
  private CalibrationTable() {}

  public static String of(Calibration c) {
    var a = c.agreement();
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "judge '%s' (model %s) against %d human labels, %d repeats each%n"
                + "agreement %.3f, Cohen's kappa %.3f (%s weights), repeat consistency %.3f%n",
            c.rubric(),
            c.model(),
            a.items(),
            c.repeats(),
            a.observed(),
            a.kappa(),
            a.weights().name().toLowerCase(Locale.ROOT),
            c.repeatConsistency()));
    int w = Math.max(8, a.categories().stream().mapToInt(String::length).max().orElse(1) + 2);
    b.append(String.format(Locale.ROOT, "%-" + w + "s", "human\\judge"));
    for (String l : a.categories()) b.append(String.format(Locale.ROOT, "%" + w + "s", l));
    b.append('\n');
    for (int i = 0; i < a.categories().size(); i++) {
      b.append(String.format(Locale.ROOT, "%-" + w + "s", a.categories().get(i)));
      List<Integer> row = a.confusion().get(i);
      for (int n : row) b.append(String.format(Locale.ROOT, "%" + w + "d", n));
      b.append('\n');
    }
    b.append(
        c.usableForGating()
            ? String.format(
                Locale.ROOT, "usable for gating: yes (kappa >= min_kappa %.2f)%n", c.minKappa())
            : String.format(
                Locale.ROOT,
                "usable for gating: NO (kappa %.3f < min_kappa %.2f)%n",
                a.kappa(),
                c.minKappa()));
    return b.toString();
  }
}
