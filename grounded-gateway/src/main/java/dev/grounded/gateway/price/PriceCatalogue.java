package dev.grounded.gateway.price;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Prices per model name, looked up by exact name. Immutable: {@link #with} returns a new catalogue
 * in which the given price replaces the one of the same model (how configured prices override the
 * defaults).
 */
public final class PriceCatalogue {
  private static final PriceCatalogue EMPTY = new PriceCatalogue(Map.of());

  /**
   * DEFAULTS THAT USERS MUST CHECK: list prices in USD per 1M tokens (standard tier, no batch or
   * cached-input discounts), as the vendors' pricing pages listed them; vendors change prices, so a
   * deployment should configure its own. Sources and dates:
   *
   * <ul>
   *   <li>OpenAI, https://platform.openai.com/docs/pricing: gpt-4o $2.50 / $10.00 (since
   *       2024-10-02), gpt-4o-mini $0.15 / $0.60 (since its launch, 2024-07-18),
   *       text-embedding-3-small $0.02 (since its launch, 2024-01-25); unchanged on third-party
   *       copies of the page dated 2025-03 and 2026-05.
   *   <li>Anthropic, https://www.anthropic.com/pricing: claude-sonnet-4-20250514 $3 / $15 and
   *       claude-opus-4-20250514 $15 / $75 (both since their launch, 2025-05-22),
   *       claude-3-5-haiku-20241022 $0.80 / $4 (since 2024-11-04).
   * </ul>
   *
   * These were taken from the author's knowledge of those pages and cross-checked against
   * third-party copies, not fetched live from the vendors when this was written (2026-12-07).
   */
  private static final PriceCatalogue DEFAULTS =
      EMPTY
          .with(ModelPrice.ofUsd("gpt-4o", "2.50", "10.00"))
          .with(ModelPrice.ofUsd("gpt-4o-mini", "0.15", "0.60"))
          .with(ModelPrice.ofUsd("text-embedding-3-small", "0.02", "0"))
          .with(ModelPrice.ofUsd("claude-sonnet-4-20250514", "3", "15"))
          .with(ModelPrice.ofUsd("claude-opus-4-20250514", "15", "75"))
          .with(ModelPrice.ofUsd("claude-3-5-haiku-20241022", "0.80", "4"));

  private final Map<String, ModelPrice> prices;

  private PriceCatalogue(Map<String, ModelPrice> prices) {
    this.prices = prices;
  }

  /** A catalogue with no prices. */
  public static PriceCatalogue empty() {
    return EMPTY;
  }

  /** The built-in default prices (see the source comment above: users must check them). */
  public static PriceCatalogue defaults() {
    return DEFAULTS;
  }

  /** This catalogue with {@code price} added, replacing the price of the same model. */
  public PriceCatalogue with(ModelPrice price) {
    Objects.requireNonNull(price, "price");
    Map<String, ModelPrice> copy = new LinkedHashMap<>(prices);
    copy.put(price.model(), price);
    return new PriceCatalogue(Map.copyOf(copy));
  }

  /** The price of {@code model} (exact name), or empty when it has none. */
  public Optional<ModelPrice> find(String model) {
    Objects.requireNonNull(model, "model");
    return Optional.ofNullable(prices.get(model));
  }

  /** Every price, in no particular order. */
  public Collection<ModelPrice> all() {
    return prices.values();
  }
}
