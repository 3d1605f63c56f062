package dev.grounded.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grounded.audit.log.AuditLog;
import dev.grounded.audit.provenance.ProvenanceVerifier;
import dev.grounded.core.GroundedException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * {@code POST /api/provenance/verify}: checks a provenance record (or an answer carrying one)
 * against this instance's key, the copy the audit log kept, and the collection as it is now; says
 * what changed. {@code GET /api/provenance/{id}}: the record as it was signed ({@code prov_} and
 * the answer's request id), as the audit log kept it. Only the caller's tenant's records.
 */
final class ProvenanceRoutes implements Routes {
  private final Services services;

  ProvenanceRoutes(Services services) {
    this.services = services;
  }

  @Override
  public void register(RoutesConfig r) {
    r.post("/api/provenance/verify", this::verify);
    r.get("/api/provenance/{id}", this::show);
  }

  private void show(Context ctx) {
    if (services.audit() == null)
      throw GroundedException.notFound("this server signs no provenance (audit.enabled is off)");
    String id = ctx.pathParam("id");
    services.audit().flush(); // an answer given a moment ago is kept by now
    JsonNode record =
        services
            .audit()
            .log()
            .provenance(Auth.principal(ctx).tenant(), id)
            .map(ProvenanceRoutes::parse)
            .orElseThrow(
                () -> GroundedException.notFound("no provenance record " + id + " of yours"));
    Json.write(ctx, 200, record);
  }

  private void verify(Context ctx) {
    if (services.audit() == null)
      throw GroundedException.notFound("this server signs no provenance (audit.enabled is off)");
    JsonNode record;
    try {
      record = ProvenanceVerifier.unwrap(Json.body(ctx).node());
    } catch (IllegalArgumentException e) {
      throw GroundedException.invalid("provenance", e.getMessage());
    }
    String tenant = Auth.principal(ctx).tenant();
    if (!tenant.equals(record.path("tenant").asText()))
      throw GroundedException.notFound(
          "no provenance record " + record.path("id").asText() + " of yours");
    services.audit().flush(); // an answer given a moment ago is kept by now
    AuditLog log = services.audit().log();
    Optional<JsonNode> original =
        log.provenance(tenant, record.path("id").asText()).map(ProvenanceRoutes::parse);
    ProvenanceVerifier.Check check =
        ProvenanceVerifier.verify(record, log.key(), original, Answering.documents(services));
    Json.write(ctx, 200, check.json());
  }

  private static JsonNode parse(String stored) {
    try {
      return Json.MAPPER.readTree(stored);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
