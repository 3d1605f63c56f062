/**
 * Model prices: {@link dev.grounded.gateway.price.ModelPrice} (USD per 1M input and output tokens,
 * held as integer micro-dollars) and {@link dev.grounded.gateway.price.PriceCatalogue} (prices by
 * model name, with a few defaults users must check).
 *
 * <p>Money is never floating point: a cost is the exact product of tokens and price, rounded once
 * to whole micro-dollars, half up for what a call cost and up ({@code worstCaseMicros}) for what a
 * budget reserves before it. Values are immutable and thread-safe.
 */
package dev.grounded.gateway.price;
