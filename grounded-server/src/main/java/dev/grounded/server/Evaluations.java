package dev.grounded.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.answer.LexicalSupport;
import dev.grounded.core.GroundedException;
import dev.grounded.eval.answer.AnswerEvaluation;
import dev.grounded.eval.answer.AnswerReport;
import dev.grounded.eval.answer.ItemResult;
import dev.grounded.eval.answer.QaDataset;
import dev.grounded.ingest.CollectionId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * Answer evaluations of the server: asks a collection every question of a QA set with the
 * extractive answerer and builds the report {@code grounded eval answers --json} writes, within a
 * request or as an {@link EvalJob}. A job stores its request (collection, settings and items) in
 * {@code grounded.db}, so a server starting after one died resumes it from the first item.
 */
final class Evaluations {
  /** Questions answered at once by one evaluation. */
  static final int PARALLELISM = 4;

  /** A parsed {@code POST /api/eval/answers} request. */
  record Request(CollectionId collection, int k, double threshold, JsonNode items, QaDataset data) {
    Request {
      Objects.requireNonNull(collection, "collection");
      Objects.requireNonNull(items, "items");
      Objects.requireNonNull(data, "data");
    }

    /** What the job stores to resume from: the request without its tenant. */
    String input() {
      ObjectNode o = Json.object();
      o.put("collection", collection.name());
      o.put("k", k);
      o.put("support_threshold", threshold);
      o.set("items", items);
      return o.toString();
    }
  }

  private final Services services;
  private final Jobs jobs;
  private final Answering answering;

  Evaluations(Services services, Jobs jobs) {
    this.services = services;
    this.jobs = jobs;
    this.answering = new Answering(services);
  }

  /** Reads a request of at most {@code maxItems} items over the existing collection {@code c}. */
  static Request parse(Body body, CollectionId c, int maxItems) {
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
    if (items != null && items.isArray() && items.size() > maxItems)
      throw GroundedException.invalid(
          "items",
          "'items' has "
              + items.size()
              + " questions; at most "
              + maxItems
              + " per request"
              + (maxItems < EvalRoutes.MAX_ASYNC_ITEMS
                  ? " (send \"async\": true for up to "
                      + EvalRoutes.MAX_ASYNC_ITEMS
                      + ", or use 'grounded eval answers')"
                  : " (use 'grounded eval answers' for more)"));
    QaDataset data = QaDataset.fromJson(c.name(), items, "items");
    return new Request(c, k, threshold, items, data);
  }

  /**
   * Runs the evaluation; {@code progress} hears each scored item; {@code cancelled} is looked at
   * before each question (then {@link CancellationException}).
   */
  Map<String, Object> run(
      Request r, String requestId, IntConsumer progress, BooleanSupplier cancelled) {
    List<ItemResult> results =
        new AnswerEvaluation(
                q -> {
                  if (cancelled.getAsBoolean()) throw new CancellationException("cancelled");
                  return answering.askWithContext(requestId, r.collection(), q, r.k());
                },
                new LexicalSupport(r.threshold()),
                services.executor(),
                PARALLELISM)
            .run(r.data().items(), progress);
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("dataset_version", r.data().version());
    config.put("collection", r.collection().name());
    config.put("k", r.k());
    config.put("generator", "extractive");
    if (services.reranker() != null)
      config.put(
          "rerank_depth",
          services.knowledge().retrievalSettings(r.collection().key()).rerankDepthOrDefault());
    config.put("support_checker", "lexical");
    config.put("support_threshold", r.threshold());
    return AnswerReport.of(r.collection().name(), config, results).toMap();
  }

  /** Queues the evaluation as a job (within the tenant's job limit). */
  EvalJob submit(Request r) {
    return submit(Job.Identity.fresh(), r);
  }

  private EvalJob submit(Job.Identity who, Request r) {
    return jobs.submit(
        new EvalJob(who, r.collection(), r.data().items().size(), jobs::persist),
        r.input(),
        (job, cancelled) -> {
          job.started();
          Map<String, Object> report = run(r, job.id(), i -> job.itemDone(), cancelled);
          jobs.saveResult(job, Json.MAPPER.valueToTree(report).toString());
          job.ended(Job.Status.SUCCEEDED);
        },
        () -> {});
  }

  /**
   * Resumes an evaluation job a server that died left unfinished (see {@link Jobs#resume}): its
   * stored items are evaluated again from the first. Throws saying why it cannot.
   */
  void resume(JobStore.Row row, JsonNode input) {
    CollectionId c = new CollectionId(row.tenant(), row.collection());
    if (!services.knowledge().collectionExists(c.key()))
      throw GroundedException.notFound("its collection '" + c.name() + "' no longer exists");
    if (!(input instanceof ObjectNode o))
      throw GroundedException.invalid("input", "its stored request is not a JSON object");
    submit(Job.Identity.resumed(row), parse(new Body(o, ""), c, EvalRoutes.MAX_ASYNC_ITEMS));
  }
}
