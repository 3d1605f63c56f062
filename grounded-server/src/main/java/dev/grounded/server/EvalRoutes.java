package dev.grounded.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grounded.answer.LexicalSupport;
import dev.grounded.core.GroundedException;
import dev.grounded.eval.answer.AnswerEvaluation;
import dev.grounded.eval.answer.AnswerReport;
import dev.grounded.eval.answer.ItemResult;
import dev.grounded.eval.answer.QaDataset;
import dev.grounded.eval.gate.Gate;
import dev.grounded.eval.gate.Report;
import dev.grounded.eval.gate.ReportFile;
import dev.grounded.eval.gate.Tolerance;
import dev.grounded.ingest.CollectionId;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/eval/answers} asks a collection every question of a small QA set and answers
 * with the report {@code grounded eval answers --json} writes; {@code POST /api/eval/gate} compares
 * two reports as {@code grounded eval gate} does. Both run within the request: the answers set is
 * limited to {@value #MAX_ITEMS} questions (use the CLI for bigger sets).
 */
final class EvalRoutes implements Routes {
  static final int MAX_ITEMS = 200;
  private final Services services;
  private final Answering answering;

  EvalRoutes(Services services) {
    this.services = services;
    this.answering = new Answering(services);
  }

  @Override
  public void register(RoutesConfig r) {
    r.post("/api/eval/answers", this::answers);
    r.post("/api/eval/gate", this::gate);
  }

  private void answers(Context ctx) {
    Body body = Json.body(ctx);
    CollectionId c = Tenancy.existing(ctx, services.knowledge(), body.string("collection"));
    int k = body.integer("k", Answering.DEFAULT_K, 1, 100);
    String generator = body.optString("generator").orElse("extractive");
    if (!generator.equals("extractive"))
      throw GroundedException.invalid(
          "generator",
          "generator '"
              + generator
              + "' is not available here: the server answers with 'extractive' until model"
              + " providers are configured in its gateway; 'grounded eval answers --generator"
              + " model:NAME' evaluates a model");
    double threshold =
        body.optNumber("support_threshold", 0.01, 1).orElse(LexicalSupport.DEFAULT_THRESHOLD);
    JsonNode items = body.get("items");
    if (items != null && items.isArray() && items.size() > MAX_ITEMS)
      throw GroundedException.invalid(
          "items",
          "'items' has "
              + items.size()
              + " questions; at most "
              + MAX_ITEMS
              + " per request (use 'grounded eval answers' for more)");
    QaDataset data = QaDataset.fromJson(c.name(), items, "items");
    List<ItemResult> results =
        new AnswerEvaluation(
                q -> answering.askWithContext(RequestIds.of(ctx), c, q, k),
                new LexicalSupport(threshold),
                services.executor(),
                4)
            .run(data.items(), i -> {});
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("dataset_version", data.version());
    config.put("collection", c.name());
    config.put("k", k);
    config.put("generator", "extractive");
    if (services.reranker() != null)
      config.put(
          "rerank_depth", services.knowledge().retrievalSettings(c.key()).rerankDepthOrDefault());
    config.put("support_checker", "lexical");
    config.put("support_threshold", threshold);
    Json.write(ctx, 200, AnswerReport.of(c.name(), config, results).toMap());
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
