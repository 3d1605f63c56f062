package dev.grounded.audit.log;

import java.util.Objects;

/**
 * A record on its way to the log with the texts it was hashed from. The texts are kept only when
 * the tenant's policy says so ({@link AuditLog#appendAll}); empty when there is none.
 */
public record AuditEntry(AuditRecord record, String input, String output) {
  public AuditEntry {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(output, "output");
  }
}
