package dev.grounded.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.auth.ApiKey;
import dev.grounded.gateway.budget.Budgets;
import dev.grounded.gateway.budget.Limits;
import dev.grounded.gateway.budget.Scope;
import dev.grounded.gateway.budget.Usage;
import dev.grounded.gateway.ledger.CostQuery;
import dev.grounded.gateway.ledger.CostReport;
import dev.grounded.gateway.ledger.CostRow;
import dev.grounded.gateway.ledger.Ledger;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@code GET /api/costs?by=&since=&users=&period=}: the cost ledger summed per group and the
 * unit-economics projection, of the caller's tenant only (a key sees its own tenant's calls, as
 * every {@code /api} route). Same JSON as {@code grounded costs --json}. {@code GET
 * /api/costs/series?by=&since=}: the same sums per UTC day and group, for charts over time. {@code
 * GET /api/budgets}: the limits of the caller's tenant, of its keys and of its users, with what
 * each has used today, this month and in the last minute (read only: limits are set from the CLI).
 */
final class CostRoutes implements Routes {
  private final Services services;

  CostRoutes(Services services) {
    this.services = services;
  }

  @Override
  public void register(RoutesConfig r) {
    r.get("/api/costs", this::costs);
    r.get("/api/costs/series", this::series);
    r.get("/api/budgets", this::budgets);
  }

  private void series(Context ctx) {
    if (services.ledger() == null)
      throw GroundedException.notFound("this server does not record costs");
    Instant now = Instant.now();
    CostQuery.By by = by(ctx.queryParam("by"));
    if (by == CostQuery.By.DAY) by = CostQuery.By.TOTAL;
    String tenant = Auth.principal(ctx).tenant();
    CostQuery q =
        CostQuery.all(by).since(CostReport.since(ctx.queryParam("since"), now)).tenant(tenant);
    ObjectNode o = Json.object();
    o.put("object", "cost_series");
    o.put("by", by.name().toLowerCase(Locale.ROOT));
    o.put("since", q.since().toString());
    o.put("until", now.toString());
    o.put("tenant", tenant);
    ArrayNode rows = o.putArray("rows");
    for (Ledger.DayRow d : services.ledger().series(q)) {
      CostRow r = d.row();
      ObjectNode row = rows.addObject();
      row.put("day", d.day());
      row.put("group", r.group());
      row.put("calls", r.calls());
      row.put("failed_calls", r.failedCalls());
      row.put("cached_calls", r.cachedCalls());
      row.put("tokens_in", r.tokensIn());
      row.put("tokens_out", r.tokensOut());
      row.put("cost_usd", CostReport.usd(r.costMicros()));
      row.put("cost_micros", r.costMicros());
    }
    Json.write(ctx, 200, o);
  }

  private void budgets(Context ctx) {
    String tenant = Auth.principal(ctx).tenant();
    ObjectNode o = Json.object();
    o.put("object", "list");
    o.put("tenant", tenant);
    o.put("enforced", services.budgets() != null);
    ArrayNode data = o.putArray("data");
    if (services.budgets() != null) {
      Set<String> keys = new HashSet<>();
      Map<String, String> names = new HashMap<>();
      for (ApiKey k : services.keys().list(tenant)) {
        keys.add(k.id());
        names.put(k.id(), k.name());
      }
      Budgets budgets = services.budgets();
      for (Map.Entry<Scope, Limits> e : budgets.allLimits().entrySet()) {
        Scope s = e.getKey();
        boolean mine =
            switch (s.kind()) {
              case TENANT -> s.id().equals(tenant);
              case KEY -> keys.contains(s.id());
              case USER -> s.id().startsWith(tenant + "/");
            };
        if (!mine) continue;
        ObjectNode row = data.addObject();
        row.put("scope", s.key());
        row.put("kind", s.kind().name().toLowerCase(Locale.ROOT));
        row.put("id", s.id());
        if (s.kind() == Scope.Kind.KEY && !names.getOrDefault(s.id(), "").isEmpty())
          row.put("name", names.get(s.id()));
        Limits l = e.getValue();
        ObjectNode limits = row.putObject("limits");
        usdOrNull(limits, "budget_usd_day", l.usdPerDayMicros());
        usdOrNull(limits, "budget_usd_month", l.usdPerMonthMicros());
        countOrNull(limits, "rpm", l.requestsPerMinute());
        countOrNull(limits, "tpm", l.tokensPerMinute());
        Usage u = budgets.usage(s);
        ObjectNode used = row.putObject("used");
        used.put("usd_today", CostReport.usd(u.spentTodayMicros()));
        used.put("usd_month", CostReport.usd(u.spentMonthMicros()));
        used.put("usd_reserved_today", CostReport.usd(u.reservedTodayMicros()));
        used.put("usd_reserved_month", CostReport.usd(u.reservedMonthMicros()));
        used.put("requests_last_minute", u.requestsLastMinute());
        used.put("tokens_last_minute", u.tokensLastMinute());
      }
    }
    Json.write(ctx, 200, o);
  }

  private static void usdOrNull(ObjectNode o, String name, long micros) {
    if (micros == Limits.UNLIMITED) o.putNull(name);
    else o.put(name, CostReport.usd(micros));
  }

  private static void countOrNull(ObjectNode o, String name, long n) {
    if (n == Limits.UNLIMITED) o.putNull(name);
    else o.put(name, n);
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
