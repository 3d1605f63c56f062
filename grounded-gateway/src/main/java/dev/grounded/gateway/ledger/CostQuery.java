package dev.grounded.gateway.ledger;

import dev.grounded.gateway.auth.Tenants;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A cost report: calls since {@code since} (inclusive), of one tenant or of all, summed per group.
 * What {@code grounded costs [--by tenant|user|model|day] [--since]} and {@code GET /api/costs}
 * ask.
 */
public record CostQuery(By by, Instant since, Optional<String> tenant) {
  /** How rows are grouped. */
  public enum By {
    /** One row for everything. */
    TOTAL,
    TENANT,
    /** Per API key id ({@code -} for calls without a key). */
    KEY,
    /** Per tenant and user, as {@code acme/bob} ({@code acme/-} for calls without a user). */
    USER,
    MODEL,
    /** Per UTC day, {@code 2026-01-31}, oldest first. */
    DAY
  }

  public CostQuery {
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(tenant, "tenant");
    tenant.ifPresent(Tenants::check);
  }

  /** Every tenant's calls since the epoch. */
  public static CostQuery all(By by) {
    return new CostQuery(by, Instant.EPOCH, Optional.empty());
  }

  public CostQuery since(Instant from) {
    return new CostQuery(by, from, tenant);
  }

  public CostQuery tenant(String name) {
    return new CostQuery(by, since, Optional.of(name));
  }
}
