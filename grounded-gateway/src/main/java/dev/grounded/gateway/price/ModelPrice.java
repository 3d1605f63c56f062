package dev.grounded.gateway.price;

import dev.grounded.core.GroundedException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * What one model costs: USD per 1M input tokens and per 1M output tokens, held as integer
 * micro-dollars per 1M tokens (so $2.50 / 1M is {@code 2_500_000}). Money is never a floating point
 * number here: costs are computed exactly and rounded once, to whole micro-dollars.
 */
public record ModelPrice(String model, long inputMicrosPerMillion, long outputMicrosPerMillion) {
  private static final BigInteger MILLION = BigInteger.valueOf(1_000_000);

  public ModelPrice {
    Objects.requireNonNull(model, "model");
    if (model.isBlank()) throw GroundedException.invalid("model", "a price needs a model name");
    if (inputMicrosPerMillion < 0 || outputMicrosPerMillion < 0)
      throw GroundedException.invalid("price", "the price of " + model + " is negative");
  }

  /**
   * A price from decimal USD strings per 1M tokens, e.g. {@code ofUsd("gpt-4o", "2.50", "10")}.
   * More than six decimals (below a micro-dollar per 1M tokens) is refused rather than rounded.
   */
  public static ModelPrice ofUsd(String model, String inputUsdPerMillion, String outputUsd) {
    return new ModelPrice(model, micros(model, inputUsdPerMillion), micros(model, outputUsd));
  }

  /**
   * The cost of a call in micro-dollars, rounded half up once on the exact total (not per part):
   * what the ledger records and a budget is charged after the call.
   */
  public long costMicros(long inputTokens, long outputTokens) {
    return cost(inputTokens, outputTokens, RoundingMode.HALF_UP);
  }

  /**
   * The most a call can cost, rounded up: what a budget reserves before the call, so that the
   * reservation is never below the settled cost of the same token counts.
   */
  public long worstCaseMicros(long inputTokens, long maxOutputTokens) {
    return cost(inputTokens, maxOutputTokens, RoundingMode.CEILING);
  }

  private long cost(long in, long out, RoundingMode rounding) {
    if (in < 0 || out < 0) throw new IllegalArgumentException("token counts must be >= 0");
    BigInteger millionths =
        BigInteger.valueOf(in)
            .multiply(BigInteger.valueOf(inputMicrosPerMillion))
            .add(BigInteger.valueOf(out).multiply(BigInteger.valueOf(outputMicrosPerMillion)));
    return new BigDecimal(millionths).divide(new BigDecimal(MILLION), 0, rounding).longValueExact();
  }

  private static long micros(String model, String usd) {
    Objects.requireNonNull(usd, "usd");
    try {
      BigDecimal value = new BigDecimal(usd.trim());
      if (value.signum() < 0) throw new NumberFormatException("negative");
      return value.movePointRight(6).longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      throw GroundedException.invalid(
          "price",
          "invalid price '"
              + usd
              + "' for "
              + model
              + ": use USD per 1M tokens, a non-negative number with at most 6 decimals");
    }
  }
}
