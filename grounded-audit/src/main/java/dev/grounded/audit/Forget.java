package dev.grounded.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.audit.log.AuditLog;
import dev.grounded.audit.log.AuditQuery;
import dev.grounded.audit.log.StoredRecord;
import dev.grounded.gateway.cache.CacheInterceptor;
import dev.grounded.gateway.ledger.Ledger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Deletes a user's or a document's data wherever Grounded keeps it, and records that it did: the
 * audit log's kept texts and user names (its records stay chained and name nobody), the ledger's
 * user names (calls and costs stay counted, under the user's reference), the gateway cache's
 * answers, and for a document the document itself. The audit log gets one {@code deletion} record;
 * the chain still verifies.
 */
public final class Forget {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Deletes a document of a collection (by the collection's key); false when there was none. */
  @FunctionalInterface
  public interface Documents {
    boolean delete(String tenant, String collection, String documentId);
  }

  /**
   * What a deletion removed.
   *
   * @param citedBy for a document: the request ids of every recorded answer that cited it
   */
  public record Report(
      String what,
      long auditRecords,
      long texts,
      long ledgerRows,
      int cacheEntries,
      boolean documentDeleted,
      List<String> citedBy,
      long deletionSeq) {
    public Report {
      citedBy = List.copyOf(citedBy);
    }

    public ObjectNode json() {
      ObjectNode o = JSON.createObjectNode();
      o.put("object", "deletion");
      o.put("forgotten", what);
      o.put("audit_records", auditRecords);
      o.put("texts_deleted", texts);
      o.put("ledger_rows", ledgerRows);
      o.put("cache_entries", cacheEntries);
      o.put("document_deleted", documentDeleted);
      citedBy.forEach(o.putArray("cited_by")::add);
      if (citedBy.isEmpty()) o.putArray("cited_by");
      o.put("audit_seq", deletionSeq);
      return o;
    }
  }

  private final AuditLog log;
  private final Ledger ledger;
  private final CacheInterceptor cache;

  /**
   * @param ledger null when calls are not recorded
   * @param cache the running gateway's cache, null when there is none (the CLI: a server's cache
   *     lives in its memory and empties when it stops)
   */
  public Forget(AuditLog log, Ledger ledger, CacheInterceptor cache) {
    this.log = Objects.requireNonNull(log, "log");
    this.ledger = ledger;
    this.cache = cache;
  }

  /** Forgets {@code user} of {@code tenant}. */
  public Report user(String tenant, String user, String requestId) {
    AuditLog.Forgotten f = log.forgetUser(tenant, user, requestId);
    long rows = ledger == null ? 0 : ledger.renameUser(tenant, user, log.userRef(tenant, user));
    int cached = cache == null ? 0 : cache.forget(tenant, Optional.of(user));
    return new Report(
        "user", f.records(), f.texts(), rows, cached, false, List.of(), f.deletionSeq());
  }

  /**
   * Forgets document {@code documentId} of {@code tenant}'s {@code collection}: lists the answers
   * that cited it, deletes it, the texts the audit log kept of those answers, and the tenant's
   * cached answers (a cached answer does not say which documents it quoted).
   */
  public Report document(
      Documents documents, String tenant, String collection, String documentId, String requestId) {
    List<String> citedBy = new ArrayList<>();
    for (StoredRecord r :
        log.query(AuditQuery.ALL.withTenant(tenant).withDocument(collection, documentId)))
      if (!r.record().kind().equals("deletion")) citedBy.add(r.record().requestId());
    boolean deleted = documents.delete(tenant, collection, documentId);
    AuditLog.Forgotten f = log.forgetDocument(tenant, collection, documentId, requestId);
    int cached = cache == null ? 0 : cache.forget(tenant, Optional.empty());
    return new Report(
        "document", f.records(), f.texts(), 0, cached, deleted, citedBy, f.deletionSeq());
  }
}
