package dev.grounded.gateway.ledger;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Objects;

/**
 * Recorded traffic over a window, the basis of a projection: {@code calls} by {@code users}
 * distinct users (calls that name a user; a user is per tenant) costing {@code costMicros} in all,
 * over {@code observed}. Cost per call × calls per user × users is cost per user × users, scaled
 * from the observed window to the projected period.
 */
public record UnitEconomics(
    long calls,
    long callsWithUser,
    long users,
    long costMicros,
    long userCostMicros,
    Duration observed) {
  public UnitEconomics {
    Objects.requireNonNull(observed, "observed");
    if (observed.isNegative() || observed.isZero())
      throw new IllegalArgumentException("the observed window must be positive");
  }

  /** Average cost of a call, micro-dollars, rounded half up (0 without calls). */
  public long costPerCallMicros() {
    return calls == 0 ? 0 : divide(BigInteger.valueOf(costMicros), BigInteger.valueOf(calls));
  }

  /** Calls per user over the observed window (0 without users). */
  public double callsPerUser() {
    return users == 0 ? 0 : (double) callsWithUser / users;
  }

  /**
   * What {@code users} users would cost over {@code period} at the recorded rate, micro-dollars,
   * rounded half up: (user calls' cost / recorded users) × users × period / observed. Throws {@link
   * IllegalStateException} when no recorded call names a user.
   */
  public long projectMicros(long users, Duration period) {
    if (users < 0) throw new IllegalArgumentException("users must be >= 0");
    Objects.requireNonNull(period, "period");
    if (this.users == 0)
      throw new IllegalStateException(
          "no call in the window names a user: send a user with each call to project per user");
    BigInteger numerator =
        BigInteger.valueOf(userCostMicros)
            .multiply(BigInteger.valueOf(users))
            .multiply(BigInteger.valueOf(period.toMillis()));
    BigInteger denominator =
        BigInteger.valueOf(this.users).multiply(BigInteger.valueOf(observed.toMillis()));
    return divide(numerator, denominator);
  }

  private static long divide(BigInteger a, BigInteger b) {
    return new BigDecimal(a).divide(new BigDecimal(b), 0, RoundingMode.HALF_UP).longValueExact();
  }
}
