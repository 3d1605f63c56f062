package dev.grounded.server;

import dev.grounded.core.GroundedException;
import dev.grounded.guard.GuardScope;
import dev.grounded.guard.Source;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * {@code POST /api/guard/scan} {@code {"text", "source"?, "model"?}}: what the guardrails find in a
 * text and what the caller's tenant's policy does with each finding, as {@code grounded guard scan
 * --json} prints it. Nothing is stored.
 */
final class GuardRoutes implements Routes {
  private final Services services;

  GuardRoutes(Services services) {
    this.services = services;
  }

  @Override
  public void register(RoutesConfig r) {
    r.post("/api/guard/scan", this::scan);
  }

  private void scan(Context ctx) {
    Body body = Json.body(ctx);
    String text = body.string("text");
    Source source;
    try {
      source = Source.of(body.optString("source").orElse("input"));
    } catch (IllegalArgumentException e) {
      throw GroundedException.invalid("source", e.getMessage());
    }
    GuardScope scope =
        new GuardScope(Auth.principal(ctx).tenant(), body.optString("model").orElse("*"));
    Json.write(ctx, 200, GuardReport.of(services.guardrails(), text, source, scope));
  }
}
