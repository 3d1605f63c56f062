package dev.grounded.audit.log;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which records to read: every filter empty matches all. {@code user} is the user's name (the log
 * looks up its reference); {@code document} is {@code collection/documentId}. Records come oldest
 * first, after {@code afterSeq}, at most {@code limit}.
 */
public record AuditQuery(
    Optional<String> tenant,
    Optional<Instant> since,
    Optional<Instant> until,
    Optional<String> kind,
    Optional<String> user,
    Optional<String> requestId,
    Optional<String> document,
    long afterSeq,
    int limit) {
  public static final AuditQuery ALL =
      new AuditQuery(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          0,
          Integer.MAX_VALUE);

  public AuditQuery {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(until, "until");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(document, "document");
    if (afterSeq < 0) throw new IllegalArgumentException("afterSeq must be >= 0");
    if (limit < 1) throw new IllegalArgumentException("limit must be >= 1");
  }

  public AuditQuery withTenant(String t) {
    return new AuditQuery(
        Optional.of(t), since, until, kind, user, requestId, document, afterSeq, limit);
  }

  public AuditQuery withSince(Instant s) {
    return new AuditQuery(
        tenant, Optional.of(s), until, kind, user, requestId, document, afterSeq, limit);
  }

  public AuditQuery withUntil(Instant u) {
    return new AuditQuery(
        tenant, since, Optional.of(u), kind, user, requestId, document, afterSeq, limit);
  }

  public AuditQuery withKind(String k) {
    return new AuditQuery(
        tenant, since, until, Optional.of(k), user, requestId, document, afterSeq, limit);
  }

  public AuditQuery withUser(String u) {
    return new AuditQuery(
        tenant, since, until, kind, Optional.of(u), requestId, document, afterSeq, limit);
  }

  public AuditQuery withRequestId(String r) {
    return new AuditQuery(
        tenant, since, until, kind, user, Optional.of(r), document, afterSeq, limit);
  }

  /** Records citing document {@code documentId} of {@code collection}. */
  public AuditQuery withDocument(String collection, String documentId) {
    return new AuditQuery(
        tenant,
        since,
        until,
        kind,
        user,
        requestId,
        Optional.of(collection + "/" + documentId),
        afterSeq,
        limit);
  }

  public AuditQuery page(long after, int max) {
    return new AuditQuery(tenant, since, until, kind, user, requestId, document, after, max);
  }
}
