package dev.grounded.server;

import dev.grounded.audit.metrics.Metrics;
import io.javalin.config.RoutesConfig;

/**
 * {@code GET /metrics}: the Prometheus exposition (text format 0.0.4, or OpenMetrics when the
 * scraper asks for it). Open like {@code /healthz} unless {@code metrics.require_key} is set, then
 * it takes any active API key as a bearer token ({@link GroundedServer} adds the check). Not
 * registered when metrics are disabled.
 */
final class MetricsRoutes implements Routes {
  static final String PATH = "/metrics";
  private final Metrics metrics;

  MetricsRoutes(Metrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void register(RoutesConfig r) {
    if (!metrics.enabled()) return;
    r.get(
        PATH,
        ctx -> {
          Metrics.Exposition e = metrics.scrape(ctx.header("Accept"));
          ctx.status(200).contentType(e.contentType()).result(e.text());
        });
  }
}
