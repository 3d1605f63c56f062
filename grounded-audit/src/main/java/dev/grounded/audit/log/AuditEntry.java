package dev.grounded.audit.log;

import java.util.Objects;

/**
 * A record on its way to the log with the texts it was hashed from, and the signed provenance
 * record of its answer (JSON, empty for none), which the log keeps so a later verification can say
 * what changed. The texts are kept only when the tenant's policy says so ({@link
 * AuditLog#appendAll}); empty when there is none. A record whose {@code inputHash} ({@code
 * outputHash}) is empty while {@code input} ({@code output}) is not gets the text's keyed hash when
 * the log appends it, so a request thread can leave the hashing to the writer.
 */
public record AuditEntry(AuditRecord record, String input, String output, String provenance) {
  public AuditEntry {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(provenance, "provenance");
  }

  public AuditEntry(AuditRecord record, String input, String output) {
    this(record, input, output, "");
  }
}
