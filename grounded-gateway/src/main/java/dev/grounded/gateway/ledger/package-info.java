/**
 * The cost ledger, the last gateway step: {@link dev.grounded.gateway.ledger.Ledger#record} appends
 * a {@link dev.grounded.gateway.ledger.LedgerEntry} per model call (tenant, key, user, alias,
 * provider, model, tokens, cached, latency, cost in micro-dollars, outcome, request id) to {@code
 * grounded.db}; {@link dev.grounded.gateway.ledger.Ledger#costs} sums them per tenant, key, user,
 * model or UTC day since an instant ({@link dev.grounded.gateway.ledger.CostQuery}, {@link
 * dev.grounded.gateway.ledger.CostRow}); {@link dev.grounded.gateway.ledger.Ledger#unitEconomics}
 * gives the basis of a projection ({@link dev.grounded.gateway.ledger.UnitEconomics}: cost per call
 * × calls per user × users, over a period).
 *
 * <p>The ledger records; it enforces nothing (budgets do, in {@code dev.grounded.gateway.budget}).
 * Thread-safe; rows from several processes on one data directory interleave safely.
 */
package dev.grounded.gateway.ledger;
