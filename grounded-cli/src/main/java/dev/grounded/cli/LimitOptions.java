package dev.grounded.cli;

import dev.grounded.core.GroundedException;
import dev.grounded.gateway.budget.Limits;
import dev.grounded.gateway.ledger.CostReport;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The limit options of {@code grounded keys create} and {@code grounded limits set}: spend per UTC
 * day and month in USD, requests and tokens per minute. An option not given leaves that limit as it
 * was; {@code none} removes it.
 */
final class LimitOptions {
  @Option(
      names = "--budget-usd-day",
      paramLabel = "USD",
      description = "Most spend per UTC day, in USD (e.g. 5 or 0.25); 'none' removes the limit.")
  String usdDay;

  @Option(
      names = "--budget-usd-month",
      paramLabel = "USD",
      description = "Most spend per UTC calendar month, in USD; 'none' removes the limit.")
  String usdMonth;

  @Option(
      names = "--rpm",
      paramLabel = "N",
      description = "Most requests in any 60 seconds; 'none' removes the limit.")
  String rpm;

  @Option(
      names = "--tpm",
      paramLabel = "N",
      description =
          "Most tokens (prompt + max output, then the actual ones) in any 60 seconds; 'none'"
              + " removes the limit.")
  String tpm;

  boolean anyGiven() {
    return usdDay != null || usdMonth != null || rpm != null || tpm != null;
  }

  /** {@code current} with the given options applied. */
  Limits apply(Limits current) {
    Limits l = current;
    if (usdDay != null) l = l.withUsdPerDayMicros(usd("budget-usd-day", usdDay));
    if (usdMonth != null) l = l.withUsdPerMonthMicros(usd("budget-usd-month", usdMonth));
    if (rpm != null) l = l.withRequestsPerMinute(count("rpm", rpm));
    if (tpm != null) l = l.withTokensPerMinute(count("tpm", tpm));
    return l;
  }

  private static long usd(String option, String text) {
    if (text.strip().equalsIgnoreCase("none")) return Limits.UNLIMITED;
    try {
      BigDecimal v = new BigDecimal(text.strip());
      if (v.signum() >= 0) return v.movePointRight(6).longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      // refused below
    }
    throw GroundedException.invalid(
        option,
        "--" + option + " must be USD >= 0 with at most 6 decimals, or 'none', got '" + text + "'");
  }

  private static long count(String option, String text) {
    if (text.strip().equalsIgnoreCase("none")) return Limits.UNLIMITED;
    try {
      long n = Long.parseLong(text.strip());
      if (n >= 0) return n;
    } catch (NumberFormatException e) {
      // refused below
    }
    throw GroundedException.invalid(
        option, "--" + option + " must be a whole number >= 0, or 'none', got '" + text + "'");
  }

  /** The JSON form of {@code l}: USD as decimal strings, null for no limit. */
  static Map<String, Object> json(Limits l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("budget_usd_day", usdOrNull(l.usdPerDayMicros()));
    m.put("budget_usd_month", usdOrNull(l.usdPerMonthMicros()));
    m.put("rpm", l.requestsPerMinute() == Limits.UNLIMITED ? null : l.requestsPerMinute());
    m.put("tpm", l.tokensPerMinute() == Limits.UNLIMITED ? null : l.tokensPerMinute());
    return m;
  }

  /** The text form, e.g. {@code $5/day $50/month 60 rpm}, or {@code -} for none. */
  static String text(Limits l) {
    StringBuilder b = new StringBuilder();
    if (l.usdPerDayMicros() != Limits.UNLIMITED)
      b.append('$').append(CostReport.usd(l.usdPerDayMicros())).append("/day ");
    if (l.usdPerMonthMicros() != Limits.UNLIMITED)
      b.append('$').append(CostReport.usd(l.usdPerMonthMicros())).append("/month ");
    if (l.requestsPerMinute() != Limits.UNLIMITED) b.append(l.requestsPerMinute()).append(" rpm ");
    if (l.tokensPerMinute() != Limits.UNLIMITED) b.append(l.tokensPerMinute()).append(" tpm ");
    return b.isEmpty() ? "-" : b.toString().strip();
  }

  private static String usdOrNull(long micros) {
    return micros == Limits.UNLIMITED ? null : CostReport.usd(micros);
  }
}
