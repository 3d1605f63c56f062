package dev.grounded.eval.gate;

import dev.grounded.core.GroundedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Compares a current report with a baseline. Every baseline metric a tolerance matches is gated: it
 * fails when it regressed by more than the tolerance allows, or when the current report lacks it.
 * With a default tolerance, every other metric the two reports share is gated by it; without one,
 * the rest are shown but not gated. A tolerance that matches no baseline metric is an error, so
 * that a typo cannot switch a gate off.
 */
public final class Gate {
  /** A row's verdict. */
  public enum Status {
    PASS,
    FAIL,
    MISSING,
    NOT_GATED
  }

  /**
   * One metric: values, the change in the metric's better direction (negative is worse), the
   * regression allowed, and the verdict.
   */
  public record Row(
      String metric,
      double baseline,
      double current,
      double change,
      Optional<Tolerance> tolerance,
      double allowed,
      boolean lowerIsBetter,
      Status status) {}

  /** All rows, in the baseline's metric order; passed when no row failed or went missing. */
  public record Result(List<Row> rows, List<String> notes) {
    public Result {
      rows = List.copyOf(rows);
      notes = List.copyOf(notes);
    }

    public boolean passed() {
      return rows.stream()
          .noneMatch(r -> r.status() == Status.FAIL || r.status() == Status.MISSING);
    }

    public List<Row> failures() {
      return rows.stream()
          .filter(r -> r.status() == Status.FAIL || r.status() == Status.MISSING)
          .toList();
    }

    /** A fixed-width table of every row, then a verdict line. */
    public String table() {
      int width = Math.max(6, rows.stream().mapToInt(r -> r.metric().length()).max().orElse(6));
      StringBuilder b = new StringBuilder();
      b.append(
          String.format(
              Locale.ROOT,
              "%-" + width + "s %10s %10s %10s %12s  %s%n",
              "metric",
              "baseline",
              "current",
              "change",
              "allowed",
              "verdict"));
      for (Row r : rows) {
        String current = r.status() == Status.MISSING ? "-" : fmt(r.current());
        String change = r.status() == Status.MISSING ? "-" : signed(r.change());
        String allowed =
            r.tolerance().isEmpty()
                ? "-"
                : "-"
                    + fmt(r.allowed())
                    + (r.tolerance().get().relative()
                        ? " (" + r.tolerance().get().amountText() + ")"
                        : "");
        b.append(
            String.format(
                Locale.ROOT,
                "%-" + width + "s %10s %10s %10s %12s  %s%s%n",
                r.metric(),
                fmt(r.baseline()),
                current,
                change,
                allowed,
                r.status().name().replace('_', ' ').toLowerCase(Locale.ROOT),
                r.lowerIsBetter() ? " (lower is better)" : ""));
      }
      for (String note : notes) b.append("note: ").append(note).append('\n');
      List<Row> failed = failures();
      b.append(
          failed.isEmpty()
              ? "gate passed: no gated metric regressed beyond its tolerance"
              : "gate FAILED: "
                  + failed.size()
                  + " metric"
                  + (failed.size() == 1 ? "" : "s")
                  + " regressed beyond tolerance or missing: "
                  + String.join(", ", failed.stream().map(Row::metric).toList()));
      return b.append('\n').toString();
    }
  }

  private Gate() {}

  public static Result check(
      Report baseline, Report current, List<Tolerance> tolerances, Optional<Double> defaultDrop) {
    for (Tolerance t : tolerances)
      if (baseline.metrics().keySet().stream().noneMatch(t::matches))
        throw GroundedException.invalid(
            "max-drop",
            "no metric '"
                + t.metric()
                + "' in the baseline "
                + baseline.source()
                + "; it has: "
                + String.join(", ", baseline.metrics().keySet()));
    for (Tolerance t : tolerances)
      for (String name : baseline.metrics().keySet())
        if (t.matches(name)) {
          String why = current.ungateable().getOrDefault(name, baseline.ungateable().get(name));
          if (why != null)
            throw GroundedException.invalid(
                "max-drop", "metric '" + name + "' cannot gate a build: " + why);
        }
    List<Row> rows = new ArrayList<>();
    baseline
        .metrics()
        .forEach(
            (name, base) -> {
              Optional<Tolerance> t =
                  tolerances.stream()
                      .filter(x -> x.metric().equals(name))
                      .findFirst()
                      .or(() -> tolerances.stream().filter(x -> x.matches(name)).findFirst());
              Double now = current.metrics().get(name);
              boolean judgeUnfit =
                  baseline.ungateable().containsKey(name) || current.ungateable().containsKey(name);
              if (t.isEmpty() && defaultDrop.isPresent() && now != null && !judgeUnfit)
                t = Optional.of(new Tolerance(name, defaultDrop.get(), false));
              boolean lower = baseline.lowerIsBetter(name) || current.lowerIsBetter(name);
              double allowed = t.map(x -> x.allowed(base)).orElse(Double.NaN);
              if (now == null) {
                rows.add(
                    new Row(
                        name,
                        base,
                        Double.NaN,
                        Double.NaN,
                        t,
                        allowed,
                        lower,
                        t.isPresent() ? Status.MISSING : Status.NOT_GATED));
                return;
              }
              double change = lower ? base - now : now - base;
              Status status =
                  t.isEmpty()
                      ? Status.NOT_GATED
                      // a tiny epsilon: a drop of exactly the tolerance passes despite rounding
                      : change < -allowed - 1e-12 || Double.isNaN(now) ? Status.FAIL : Status.PASS;
              rows.add(new Row(name, base, now, change, t, allowed, lower, status));
            });
    List<String> notes = new ArrayList<>();
    if (baseline.datasetVersion() != null
        && current.datasetVersion() != null
        && !baseline.datasetVersion().equals(current.datasetVersion()))
      notes.add(
          "the reports come from different versions of the data set ("
              + baseline.datasetVersion()
              + " and "
              + current.datasetVersion()
              + "): the comparison is not like for like");
    return new Result(rows, notes);
  }

  private static String fmt(double d) {
    return Double.isNaN(d) ? "NaN" : String.format(Locale.ROOT, "%.4f", d);
  }

  private static String signed(double d) {
    return Double.isNaN(d) ? "NaN" : String.format(Locale.ROOT, "%+.4f", d);
  }
}
