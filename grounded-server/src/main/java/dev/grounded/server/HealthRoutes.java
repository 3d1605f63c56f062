package dev.grounded.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.Version;
import io.javalin.config.RoutesConfig;

/**
 * {@code /healthz} (the process serves), {@code /readyz} (model loaded, storage reachable) and
 * {@code /version}; none needs a key.
 */
final class HealthRoutes implements Routes {
  private final Readiness readiness;

  HealthRoutes(Readiness readiness) {
    this.readiness = readiness;
  }

  @Override
  public void register(RoutesConfig r) {
    r.get("/healthz", ctx -> Json.write(ctx, 200, status("ok", null)));
    r.get("/version", ctx -> Json.write(ctx, 200, version()));
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

  private static ObjectNode version() {
    ObjectNode o = Json.object();
    o.put("object", "version");
    o.put("version", Version.string());
    return o;
  }

  private static ObjectNode status(String status, String reason) {
    ObjectNode o = Json.object();
    o.put("status", status);
    if (reason != null) o.put("reason", reason);
    return o;
  }
}
