package dev.grounded.gateway.budget;

import dev.grounded.core.GroundedException;

/**
 * The limits of one scope. Spend is in micro-dollars (1 USD = 1,000,000) per UTC calendar day and
 * month; rates are requests and tokens in a sliding window of the last 60 whole seconds. {@link
 * #UNLIMITED} (the default of each) means no limit; 0 refuses everything it counts.
 */
public record Limits(
    long usdPerDayMicros, long usdPerMonthMicros, long requestsPerMinute, long tokensPerMinute) {
  public static final long UNLIMITED = Long.MAX_VALUE;

  /** No limit at all. */
  public static final Limits NONE = new Limits(UNLIMITED, UNLIMITED, UNLIMITED, UNLIMITED);

  public Limits {
    check("usd_per_day", usdPerDayMicros);
    check("usd_per_month", usdPerMonthMicros);
    check("rpm", requestsPerMinute);
    check("tpm", tokensPerMinute);
  }

  public Limits withUsdPerDayMicros(long micros) {
    return new Limits(micros, usdPerMonthMicros, requestsPerMinute, tokensPerMinute);
  }

  public Limits withUsdPerMonthMicros(long micros) {
    return new Limits(usdPerDayMicros, micros, requestsPerMinute, tokensPerMinute);
  }

  public Limits withRequestsPerMinute(long rpm) {
    return new Limits(usdPerDayMicros, usdPerMonthMicros, rpm, tokensPerMinute);
  }

  public Limits withTokensPerMinute(long tpm) {
    return new Limits(usdPerDayMicros, usdPerMonthMicros, requestsPerMinute, tpm);
  }

  /** Whether a rate (rpm or tpm) is limited, so that requests must be logged for it. */
  boolean limitsRate() {
    return requestsPerMinute != UNLIMITED || tokensPerMinute != UNLIMITED;
  }

  private static void check(String name, long value) {
    if (value < 0) throw GroundedException.invalid(name, name + " must be >= 0, got " + value);
  }
}
