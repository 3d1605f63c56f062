package dev.grounded.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.GroundedException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code GET /api/jobs} (the tenant's recent ingest jobs) and {@code GET /api/jobs/{id}}. */
final class JobRoutes implements Routes {
  private final IngestJobs jobs;

  JobRoutes(IngestJobs jobs) {
    this.jobs = jobs;
  }

  @Override
  public void register(RoutesConfig r) {
    r.get("/api/jobs", this::list);
    r.get("/api/jobs/{id}", this::get);
  }

  private void list(Context ctx) {
    ObjectNode o = Json.object();
    o.put("object", "list");
    ArrayNode data = o.putArray("data");
    for (IngestJob j : jobs.list(Auth.principal(ctx).tenant())) data.add(j.view());
    Json.write(ctx, 200, o);
  }

  private void get(Context ctx) {
    String id = ctx.pathParam("id");
    IngestJob job =
        jobs.get(Auth.principal(ctx).tenant(), id)
            .orElseThrow(() -> GroundedException.notFound("no job '" + id + "'"));
    Json.write(ctx, 200, job.view());
  }
}
