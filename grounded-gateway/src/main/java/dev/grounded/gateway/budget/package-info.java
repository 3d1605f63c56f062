/**
 * Budgets and rate limits, the gateway step before a model call: {@link
 * dev.grounded.gateway.budget.Budgets#reserve} holds a call's worst-case cost and tokens against
 * the {@link dev.grounded.gateway.budget.Limits} of each {@link dev.grounded.gateway.budget.Scope}
 * (tenant, API key, user) and counts the request; the returned {@link
 * dev.grounded.gateway.budget.Reservation} is settled with the actual cost after the call, or
 * released if it failed. A refusal is a {@link dev.grounded.gateway.budget.LimitExceeded} (HTTP
 * 429, {@code budget_exceeded} or {@code rate_limited}) carrying the Retry-After to send.
 *
 * <p>Windows: spend per UTC calendar day and month (a call is charged to the day and month it was
 * reserved in); requests and tokens per sliding window of the last 60 whole seconds (per-second
 * counters, so "rpm 10" means at most 10 requests in the current second and the 59 before it, and
 * Retry-After is when the oldest needed second leaves the window).
 *
 * <p>Everything lives in SQLite ({@code grounded.db}); each reservation is one {@code BEGIN
 * IMMEDIATE} transaction that reads the limits, spend, open holds and the rate counters and writes
 * the hold, so no interleaving of threads or processes can pass a limit. A reservation never
 * settled (the process crashed) stops holding spend after its TTL. There is no in-process cache:
 * every call reads the database, so limits set by the CLI apply at once. {@code BudgetTables},
 * {@code RateLog} and {@code Sql} are internal.
 */
package dev.grounded.gateway.budget;
