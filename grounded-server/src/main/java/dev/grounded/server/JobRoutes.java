package dev.grounded.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.GroundedException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;

/**
 * {@code GET /api/jobs} (the tenant's recent ingest and evaluation jobs, newest first; {@code
 * ?kind=eval} only evaluations, each that succeeded with a summary of its report's metrics, {@code
 * ?kind=ingest} only ingests), {@code GET /api/jobs/{id}} (with an evaluation's report once it
 * succeeded) and {@code DELETE /api/jobs/{id}} (cancel: see {@link Jobs#cancel}).
 */
final class JobRoutes implements Routes {
  private final Jobs jobs;

  JobRoutes(Jobs jobs) {
    this.jobs = jobs;
  }

  @Override
  public void register(RoutesConfig r) {
    r.get("/api/jobs", this::list);
    r.get("/api/jobs/{id}", this::get);
    r.delete("/api/jobs/{id}", this::cancel);
  }

  private void list(Context ctx) {
    String kind = ctx.queryParam("kind");
    if (kind != null && !kind.equals(JobStore.INGEST) && !kind.equals(JobStore.EVAL))
      throw GroundedException.invalid(
          "kind", "kind must be 'ingest' or 'eval', got '" + kind + "'");
    String tenant = Auth.principal(ctx).tenant();
    ObjectNode o = Json.object();
    o.put("object", "list");
    ArrayNode data = o.putArray("data");
    List<ObjectNode> found =
        JobStore.EVAL.equals(kind)
            ? jobs.evaluations(tenant)
            : jobs.list(tenant).stream()
                .filter(j -> kind == null || j.path("kind").asText().equals(kind))
                .toList();
    for (ObjectNode j : found) data.add(j);
    Json.write(ctx, 200, o);
  }

  private void get(Context ctx) {
    String id = ctx.pathParam("id");
    ObjectNode job =
        jobs.view(Auth.principal(ctx).tenant(), id).orElseThrow(() -> Jobs.notFound(id));
    Json.write(ctx, 200, job);
  }

  private void cancel(Context ctx) {
    Json.write(ctx, 200, jobs.cancel(Auth.principal(ctx).tenant(), ctx.pathParam("id")));
  }
}
