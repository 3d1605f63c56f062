package dev.grounded.server;

import dev.grounded.audit.metrics.Metrics;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;

/**
 * Once a request is answered: names its span and records it in the metrics by route template (never
 * the raw path: {@value #UNMATCHED} for a request no route matched).
 */
final class RequestMetrics {
  static final String UNMATCHED = "unmatched";
  private final Metrics metrics;

  RequestMetrics(Metrics metrics) {
    this.metrics = metrics;
  }

  void record(Context ctx, Float millis) {
    String method = ctx.method().name();
    String route = route(ctx);
    TracingHandler.of(ctx).ifPresent(span -> span.route(method, route));
    if (metrics.enabled())
      metrics.request(
          method, route, ctx.statusCode(), millis == null ? 0 : (long) (millis * 1_000_000.0));
  }

  static String route(Context ctx) {
    try {
      Endpoint e = ctx.endpoints().lastHttpEndpoint();
      return e == null ? UNMATCHED : e.path;
    } catch (RuntimeException e) { // no HTTP endpoint matched
      return UNMATCHED;
    }
  }
}
