package dev.grounded.server;

import dev.grounded.core.GroundedException;
import dev.grounded.gateway.ledger.CostQuery;
import dev.grounded.gateway.ledger.CostReport;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * {@code GET /api/costs?by=&since=&users=&period=}: the cost ledger summed per group and the
 * unit-economics projection, of the caller's tenant only (a key sees its own tenant's calls, as
 * every {@code /api} route). Same JSON as {@code grounded costs --json}.
 */
final class CostRoutes implements Routes {
  private final Services services;

  CostRoutes(Services services) {
    this.services = services;
  }

  @Override
  public void register(RoutesConfig r) {
    r.get("/api/costs", this::costs);
  }

  private void costs(Context ctx) {
    if (services.ledger() == null)
      throw GroundedException.notFound("this server does not record costs");
    Instant now = Instant.now();
    CostQuery q =
        CostQuery.all(by(ctx.queryParam("by")))
            .since(CostReport.since(ctx.queryParam("since"), now))
            .tenant(Auth.principal(ctx).tenant());
    String users = ctx.queryParam("users");
    String period = ctx.queryParam("period");
    CostReport report =
        CostReport.read(
            services.ledger(),
            q,
            now,
            users == null ? OptionalLong.empty() : OptionalLong.of(number("users", users)),
            period == null ? Duration.ofDays(30) : CostReport.period(period));
    Json.write(ctx, 200, report.json());
  }

  static CostQuery.By by(String text) {
    if (text == null || text.isBlank()) return CostQuery.By.TOTAL;
    try {
      return CostQuery.By.valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw GroundedException.invalid(
          "by", "by must be one of total, tenant, key, user, model, day; got '" + text + "'");
    }
  }

  private static long number(String name, String text) {
    try {
      long n = Long.parseLong(text.strip());
      if (n >= 0) return n;
    } catch (NumberFormatException e) {
      // refused below
    }
    throw GroundedException.invalid(
        name, name + " must be a whole number >= 0, got '" + text + "'");
  }
}
