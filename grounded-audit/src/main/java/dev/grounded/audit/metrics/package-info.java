/**
 * Prometheus metrics through Micrometer. {@link dev.grounded.audit.metrics.Metrics} owns the
 * registry and the JVM meters, and hands out observers that plug into the hooks the stages already
 * have: a {@link dev.grounded.gateway.ledger.LedgerSink} decorator for each gateway call (outcome,
 * latency, tokens, cost: the ledger's own figures), a {@link
 * dev.grounded.gateway.chain.GatewayListener} for guard findings, retries, fallbacks and breakers,
 * an {@link dev.grounded.ingest.IngestListener} for ingest throughput and an {@link
 * dev.grounded.answer.AskStages} for the ask pipeline's stages. The server records each request by
 * its route template.
 *
 * <p>Labels are low-cardinality by construction: route templates (never raw paths), configured
 * model and provider names, error codes, finding types. No tenant, key, user, request id or text is
 * ever a label. Everything here is thread-safe; recording is lock-free on the request path.
 */
package dev.grounded.audit.metrics;
