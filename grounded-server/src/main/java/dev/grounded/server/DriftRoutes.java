package dev.grounded.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.audit.drift.DriftAlert;
import dev.grounded.audit.drift.DriftStore;
import dev.grounded.core.GroundedException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * {@code GET /api/drift?days=&collection=}: the daily series of the caller's tenant's sampled
 * answers (abstention, citation support, guardrail actions, withheld chunks, retrieval score) and
 * the drift alerts raised on them.
 */
final class DriftRoutes implements Routes {
  private final Services services;

  DriftRoutes(Services services) {
    this.services = services;
  }

  @Override
  public void register(RoutesConfig r) {
    r.get("/api/drift", this::drift);
    r.post("/api/drift/replay", this::replay);
  }

  private void drift(Context ctx) {
    if (services.drift() == null)
      throw GroundedException.notFound("this server watches no drift (drift.enabled is off)");
    int days = 14;
    String d = ctx.queryParam("days");
    if (d != null) {
      try {
        days = Integer.parseInt(d.strip());
      } catch (NumberFormatException e) {
        days = -1;
      }
      if (days < 1 || days > 366)
        throw GroundedException.invalid(
            "days", "days must be a whole number in 1..366, got '" + d + "'");
    }
    String tenant = Auth.principal(ctx).tenant();
    String from = LocalDate.now(ZoneOffset.UTC).minusDays(days - 1).toString();
    DriftStore store = services.drift().store();
    ObjectNode o = Json.object();
    o.put("object", "drift");
    o.put("since", from);
    ArrayNode series = o.putArray("series");
    for (DriftStore.Point p :
        store.daily(Optional.of(tenant), Optional.ofNullable(ctx.queryParam("collection")), from))
      series.add(p.json());
    ArrayNode alerts = o.putArray("alerts");
    for (DriftAlert a : store.alerts(Optional.of(tenant), from)) alerts.add(a.json());
    ArrayNode replays = o.putArray("replays");
    for (DriftStore.Replay r : store.replays(Optional.of(tenant), from)) replays.add(r.json());
    Json.write(ctx, 200, o);
  }

  /** Replays the caller's tenant's failure set now (as a server does every drift.replay_hours). */
  private void replay(Context ctx) {
    if (services.drift() == null || services.audit() == null)
      throw GroundedException.notFound("this server watches no drift (drift.enabled is off)");
    ObjectNode o = Json.object();
    o.put("object", "list");
    ArrayNode data = o.putArray("data");
    for (DriftStore.Replay r : new Replays(services).run(Optional.of(Auth.principal(ctx).tenant())))
      data.add(r.json());
    Json.write(ctx, 200, o);
  }
}
