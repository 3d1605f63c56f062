package dev.grounded.server;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.eval.gate.Gate;
import dev.grounded.eval.gate.Report;
import dev.grounded.eval.gate.ReportFile;
import dev.grounded.eval.gate.Tolerance;
import dev.grounded.ingest.CollectionId;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /api/eval/answers} asks a collection every question of a QA set and answers with the
 * report {@code grounded eval answers --json} writes; {@code POST /api/eval/gate} compares two
 * reports as {@code grounded eval gate} does. Answers run within the request for at most {@value
 * #MAX_ITEMS} questions; with {@code "async": true} (or the header {@code Prefer: respond-async},
 * RFC 7240) the request is answered 202 with an evaluation job of at most {@value #MAX_ASYNC_ITEMS}
 * questions, whose report {@code GET /api/jobs/{id}} returns once it succeeded.
 */
final class EvalRoutes implements Routes {
  static final int MAX_ITEMS = 200;
  static final int MAX_ASYNC_ITEMS = 10_000;
  private final Services services;
  private final Evaluations evaluations;

  EvalRoutes(Services services, Evaluations evaluations) {
    this.services = services;
    this.evaluations = evaluations;
  }

  @Override
  public void register(RoutesConfig r) {
    r.post("/api/eval/answers", this::answers);
    r.post("/api/eval/gate", this::gate);
  }

  private void answers(Context ctx) {
    Body body = Json.body(ctx);
    CollectionId c = Tenancy.existing(ctx, services.knowledge(), body.string("collection"));
    boolean preferred = prefersAsync(ctx.header("Prefer"));
    boolean async = body.bool("async", false) || preferred;
    Evaluations.Request request = Evaluations.parse(body, c, async ? MAX_ASYNC_ITEMS : MAX_ITEMS);
    if (!async) {
      Json.write(ctx, 200, evaluations.run(request, RequestIds.of(ctx), i -> {}, () -> false));
      return;
    }
    EvalJob job;
    try {
      job = evaluations.submit(request);
    } catch (GroundedException e) {
      if (e.code() == ErrorCode.RATE_LIMITED)
        ctx.header("Retry-After", String.valueOf(Jobs.RETRY_AFTER_SECONDS));
      throw e;
    }
    if (preferred) ctx.header("Preference-Applied", "respond-async");
    ctx.header("Location", "/api/jobs/" + job.id());
    Json.write(ctx, 202, job.view());
  }

  /** Whether a {@code Prefer} header (RFC 7240) asks for {@code respond-async}. */
  static boolean prefersAsync(String prefer) {
    if (prefer == null) return false;
    for (String p : prefer.split(","))
      if (p.strip().split(";")[0].strip().equalsIgnoreCase("respond-async")) return true;
    return false;
  }

  private void gate(Context ctx) {
    Body body = Json.body(ctx);
    Report baseline = ReportFile.parse(body.get("baseline"), "baseline", "baseline");
    Report current = ReportFile.parse(body.get("current"), "current", "current");
    Optional<String> maxDrop = body.optString("max_drop");
    Optional<Double> defaultDrop = body.optNumber("default_max_drop", 0, 1e9);
    if (maxDrop.isEmpty() && defaultDrop.isEmpty())
      throw GroundedException.invalid(
          "max_drop", "nothing to gate: give 'max_drop' and/or 'default_max_drop'");
    List<Tolerance> tolerances =
        maxDrop.map(m -> Tolerance.parseList(m, "max_drop")).orElse(List.of());
    Gate.Result result = Gate.check(baseline, current, tolerances, defaultDrop);
    var o = Json.object();
    o.put("object", "gate");
    o.put("passed", result.passed());
    var rows = o.putArray("rows");
    for (Gate.Row r : result.rows()) {
      var row = rows.addObject();
      row.put("metric", r.metric());
      row.put("baseline", r.baseline());
      if (Double.isNaN(r.current())) row.putNull("current");
      else row.put("current", r.current());
      if (Double.isNaN(r.change())) row.putNull("change");
      else row.put("change", r.change());
      if (r.tolerance().isPresent()) row.put("allowed", r.allowed());
      else row.putNull("allowed");
      row.put("lower_is_better", r.lowerIsBetter());
      row.put("status", r.status().name().toLowerCase(java.util.Locale.ROOT));
    }
    o.put("table", result.table());
    Json.write(ctx, 200, o);
  }
}
