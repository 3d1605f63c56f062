package dev.grounded.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.json} (the hand-written OpenAPI 3.1 description, checked against the routes
 * by a test) and {@code GET /docs} (a self-contained page that renders it; no CDN, works offline).
 */
final class DocsRoutes implements Routes {
  private final byte[] openapi = resource("openapi.json");
  private final byte[] docs = resource("docs.html");

  @Override
  public void register(RoutesConfig r) {
    r.get("/openapi.json", ctx -> send(ctx, "application/json", openapi));
    r.get("/docs", ctx -> send(ctx, "text/html; charset=utf-8", docs));
  }

  private static void send(Context ctx, String type, byte[] body) {
    ctx.status(200).contentType(type).result(body);
  }

  private static byte[] resource(String name) {
    try (InputStream in = DocsRoutes.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("missing resource " + name);
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
