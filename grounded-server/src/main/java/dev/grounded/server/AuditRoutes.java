package dev.grounded.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.audit.log.AuditLog;
import dev.grounded.audit.log.AuditQuery;
import dev.grounded.audit.log.StoredRecord;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.ledger.CostReport;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;

/**
 * The audit log: {@code GET /api/audit} lists the caller's tenant's records (filters {@code since},
 * {@code until}, {@code kind}, {@code user}, {@code request_id}, {@code document} as {@code
 * collection/document_id}; pages by {@code after} and {@code limit}); {@code POST
 * /api/audit/verify} checks the whole chain (counts and the first bad record, no other tenant's
 * content); {@code GET /api/audit/checkpoint} is the latest signed checkpoint with the public key,
 * to keep outside this machine.
 */
final class AuditRoutes implements Routes {
  static final int MAX_LIMIT = 1000;
  private final Services services;

  AuditRoutes(Services services) {
    this.services = services;
  }

  @Override
  public void register(RoutesConfig r) {
    r.get("/api/audit", this::list);
    r.post("/api/audit/verify", this::verify);
    r.get("/api/audit/checkpoint", this::checkpoint);
  }

  private AuditLog log() {
    if (services.audit() == null)
      throw GroundedException.notFound("this server does not keep an audit log");
    return services.audit().log();
  }

  private void list(Context ctx) {
    AuditLog log = log();
    services.audit().flush(); // what this server answered so far is listed
    Instant now = Instant.now();
    AuditQuery q = AuditQuery.ALL.withTenant(Auth.principal(ctx).tenant());
    String since = ctx.queryParam("since");
    if (since != null) q = q.withSince(CostReport.since(since, now));
    String until = ctx.queryParam("until");
    if (until != null) q = q.withUntil(CostReport.since(until, now));
    String kind = ctx.queryParam("kind");
    if (kind != null) q = q.withKind(kind);
    String user = ctx.queryParam("user");
    if (user != null) q = q.withUser(user);
    String rid = ctx.queryParam("request_id");
    if (rid != null) q = q.withRequestId(rid);
    String document = ctx.queryParam("document");
    if (document != null) {
      int slash = document.indexOf('/');
      if (slash <= 0 || slash == document.length() - 1)
        throw GroundedException.invalid(
            "document", "document must be collection/document_id, got '" + document + "'");
      q = q.withDocument(document.substring(0, slash), document.substring(slash + 1));
    }
    long after = number("after", ctx.queryParam("after"), 0, 0, Long.MAX_VALUE);
    int limit = (int) number("limit", ctx.queryParam("limit"), 100, 1, MAX_LIMIT);
    List<StoredRecord> rows = log.query(q.page(after, limit));
    ObjectNode o = Json.object();
    o.put("object", "list");
    ArrayNode data = o.putArray("data");
    for (StoredRecord r : rows) data.add(AuditLog.recordJson(r));
    o.put("has_more", rows.size() == limit);
    if (!rows.isEmpty()) o.put("last_seq", rows.getLast().seq());
    Json.write(ctx, 200, o);
  }

  private void verify(Context ctx) {
    AuditLog log = log();
    services.audit().flush();
    Json.write(ctx, 200, AuditLog.verificationJson(log.verify()));
  }

  private void checkpoint(Context ctx) {
    AuditLog log = log();
    services.audit().flush();
    ObjectNode o = Json.object();
    o.put("object", "audit.checkpoint");
    log.checkpoint().ifPresent(c -> o.set("checkpoint", AuditLog.checkpointJson(c)));
    o.put("public_key", log.key().publicBase64());
    o.put("key_id", log.key().id());
    Json.write(ctx, 200, o);
  }

  private static long number(String name, String text, long dflt, long min, long max) {
    if (text == null || text.isBlank()) return dflt;
    try {
      long n = Long.parseLong(text.strip());
      if (n >= min && n <= max) return n;
    } catch (NumberFormatException e) {
      // refused below
    }
    throw GroundedException.invalid(
        name, name + " must be a whole number in " + min + ".." + max + ", got '" + text + "'");
  }
}
