package dev.grounded.audit.log;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How the audit log keeps records.
 *
 * @param textTenants tenants whose prompts and answers are stored in full beside their hashes
 *     ({@code *}: every tenant); by default none, so the log is not a copy of what users sent
 * @param checkpointEvery a signed checkpoint after this many records
 * @param checkpointInterval and at the first write after this long since the last checkpoint, so a
 *     quiet log is covered too
 */
public record AuditOptions(
    Set<String> textTenants, int checkpointEvery, Duration checkpointInterval) {
  public static final AuditOptions DEFAULTS =
      new AuditOptions(Set.of(), 1000, Duration.ofMinutes(5));

  public AuditOptions {
    textTenants = Set.copyOf(textTenants);
    Objects.requireNonNull(checkpointInterval, "checkpointInterval");
    if (checkpointEvery < 1) throw new IllegalArgumentException("checkpointEvery must be >= 1");
    if (checkpointInterval.isNegative())
      throw new IllegalArgumentException("checkpointInterval must be >= 0");
  }

  /** Whether {@code tenant}'s texts are stored in full. */
  public boolean storesText(String tenant) {
    return textTenants.contains("*") || textTenants.contains(tenant);
  }
}
