package dev.grounded.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;

/** {@code /healthz} (the process serves) and {@code /readyz} (model loaded, storage reachable). */
final class HealthRoutes implements Routes {
  private final Readiness readiness;

  HealthRoutes(Readiness readiness) {
    this.readiness = readiness;
  }

  @Override
  public void register(RoutesConfig r) {
    r.get("/healthz", ctx -> Json.write(ctx, 200, status("ok", null)));
    r.get(
        "/readyz",
        ctx -> {
          String reason = readiness.notReadyReason();
          Json.write(
              ctx,
              reason == null ? 200 : 503,
              status(reason == null ? "ready" : "starting", reason));
        });
  }

  private static ObjectNode status(String status, String reason) {
    ObjectNode o = Json.object();
    o.put("status", status);
    if (reason != null) o.put("reason", reason);
    return o;
  }
}
