package dev.grounded.gateway.ledger;

import java.util.Objects;

/**
 * The sums of one group of a {@link CostQuery}: calls (and how many were not {@code ok}, and how
 * many the cache answered), tokens in and out, and cost in micro-dollars.
 */
public record CostRow(
    String group,
    long calls,
    long failedCalls,
    long cachedCalls,
    long tokensIn,
    long tokensOut,
    long costMicros) {
  public CostRow {
    Objects.requireNonNull(group, "group");
  }
}
