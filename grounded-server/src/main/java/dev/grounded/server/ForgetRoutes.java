package dev.grounded.server;

import dev.grounded.audit.Forget;
import dev.grounded.core.GroundedException;
import dev.grounded.ingest.CollectionId;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * {@code POST /api/forget}: deletes a user's data ({@code {"user": "…"}}) or a document with what
 * was kept of the answers that cited it ({@code {"collection": "…", "document_id": "…"}}), within
 * the caller's tenant; the running gateway's cache is purged too. Answers what was removed and, for
 * a document, the request ids of the answers that cited it.
 */
final class ForgetRoutes implements Routes {
  private final Services services;

  ForgetRoutes(Services services) {
    this.services = services;
  }

  @Override
  public void register(RoutesConfig r) {
    r.post("/api/forget", this::forget);
  }

  private void forget(Context ctx) {
    if (services.audit() == null)
      throw GroundedException.notFound(
          "this server keeps no audit log (audit.enabled is off): use grounded forget");
    Body body = Json.body(ctx);
    String tenant = Auth.principal(ctx).tenant();
    boolean user = body.has("user");
    boolean document = body.has("document_id") || body.has("collection");
    if (user == document)
      throw GroundedException.invalid(
          "user", "send either 'user' or 'collection' and 'document_id'");
    services.audit().flush(); // what was answered so far is forgotten too
    Forget forget =
        new Forget(services.audit().log(), services.ledger(), services.upstream().cache());
    Forget.Report report;
    if (user) {
      String name = body.string("user");
      if (name.isBlank()) throw GroundedException.invalid("user", "'user' is empty");
      report = forget.user(tenant, name, RequestIds.of(ctx));
    } else {
      CollectionId c = Tenancy.existing(ctx, services.knowledge(), body.string("collection"));
      String id = body.string("document_id");
      report =
          forget.document(
              (t, collection, doc) ->
                  services
                      .knowledge()
                      .deleteDocument(new CollectionId(t, collection).key(), doc, true),
              c.tenant(),
              c.name(),
              id,
              RequestIds.of(ctx));
    }
    Json.write(ctx, 200, report.json());
  }
}
