package dev.grounded.eval.gate;

import dev.grounded.core.GroundedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How far one metric may regress: an absolute amount ({@code ndcg@10=0.01}) or a share of the
 * baseline value ({@code faithfulness=2%}). The metric is matched by full name ({@code
 * hybrid.ndcg@10}) or by its last dotted part ({@code ndcg@10} gates the metric in every mode).
 */
public record Tolerance(String metric, double amount, boolean relative) {
  public Tolerance {
    Objects.requireNonNull(metric, "metric");
    if (metric.isBlank()) throw new IllegalArgumentException("metric name is blank");
    if (!(amount >= 0) || Double.isInfinite(amount))
      throw new IllegalArgumentException("tolerance must be a finite number >= 0: " + amount);
  }

  /** The largest regression allowed against this baseline value. */
  public double allowed(double baseline) {
    return relative ? Math.abs(baseline) * amount : amount;
  }

  /** Whether this tolerance applies to a metric of a report. */
  public boolean matches(String name) {
    return name.equals(metric) || name.endsWith("." + metric);
  }

  /** The amount as written: {@code 0.01} or {@code 2%}. */
  public String amountText() {
    return relative ? trim(amount * 100) + "%" : trim(amount);
  }

  @Override
  public String toString() {
    return metric + "=" + amountText();
  }

  private static String trim(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  /** Parses {@code name=amount[%],name=amount[%],...}; {@code param} names the option in errors. */
  public static List<Tolerance> parseList(String spec, String param) {
    List<Tolerance> out = new ArrayList<>();
    for (String part : spec.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) continue;
      int eq = p.lastIndexOf('=');
      if (eq <= 0 || eq == p.length() - 1)
        throw GroundedException.invalid(
            param, "'" + p + "' is not metric=amount (e.g. ndcg@10=0.01 or faithfulness=2%)");
      String name = p.substring(0, eq).trim();
      String value = p.substring(eq + 1).trim();
      boolean relative = value.endsWith("%");
      if (relative) value = value.substring(0, value.length() - 1).trim();
      double amount;
      try {
        amount = Double.parseDouble(value);
      } catch (NumberFormatException e) {
        throw GroundedException.invalid(param, "'" + p + "': '" + value + "' is not a number");
      }
      if (!(amount >= 0) || Double.isInfinite(amount))
        throw GroundedException.invalid(param, "'" + p + "': the tolerance must be >= 0");
      out.add(new Tolerance(name, relative ? amount / 100 : amount, relative));
    }
    if (out.isEmpty()) throw GroundedException.invalid(param, "no tolerance given");
    return out;
  }
}
