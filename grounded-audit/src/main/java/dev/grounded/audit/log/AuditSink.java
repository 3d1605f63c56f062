package dev.grounded.audit.log;

/**
 * Where audit records go: an {@link AuditWriter} in the server, so no write is on a request's path.
 */
@FunctionalInterface
public interface AuditSink {
  /** Drops every record: auditing is off. */
  AuditSink NONE = e -> {};

  void record(AuditEntry entry);
}
