package dev.grounded.audit.log;

import java.util.Objects;

/**
 * A record as the log holds it: its place in the chain, the hash of the record before and its own
 * hash. {@code record.user()} is the user's reference in the log ({@link AuditLog#userRef}); {@code
 * userName} the name it stands for, empty once the user was forgotten (or when there was none).
 */
public record StoredRecord(
    long seq, String prev, String hash, AuditRecord record, String userName) {
  public StoredRecord {
    Objects.requireNonNull(prev, "prev");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(userName, "userName");
  }
}
