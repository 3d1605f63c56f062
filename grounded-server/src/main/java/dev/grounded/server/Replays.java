package dev.grounded.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.answer.LexicalSupport;
import dev.grounded.audit.drift.DriftStore;
import dev.grounded.eval.answer.AnswerEvaluation;
import dev.grounded.eval.answer.AnswerMetric;
import dev.grounded.eval.answer.ItemResult;
import dev.grounded.eval.answer.QaItem;
import dev.grounded.ingest.CollectionId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Replays the failure set (the review queue's resolved items and users' corrections, {@code
 * grounded feedback export --failures}) against the collections as they are now, collection by
 * collection: an item passes when an answerable one gets F1 >= {@value #PASS_F1} against its right
 * answer, or an unanswerable one abstains. Each run is kept by the drift monitor, which alerts when
 * a collection's pass rate falls below the run before: the safety regression check.
 */
final class Replays {
  static final double PASS_F1 = 0.5;
  private final Services services;
  private final Answering answering;

  Replays(Services services) {
    this.services = services;
    this.answering = new Answering(services);
  }

  /** Replays {@code tenant}'s failure set (every tenant's when empty); returns each run. */
  List<DriftStore.Replay> run(Optional<String> tenant) {
    if (services.audit() == null || services.drift() == null) return List.of();
    List<DriftStore.Replay> out = new ArrayList<>();
    List<String> tenants =
        tenant.map(List::of).orElseGet(() -> services.audit().reviews().tenants());
    for (String t : tenants) {
      Map<String, List<QaItem>> byCollection = new LinkedHashMap<>();
      for (ObjectNode line : services.audit().reviews().failures(Optional.of(t), Instant.EPOCH)) {
        List<String> answers = new ArrayList<>();
        for (JsonNode a : line.path("answers")) answers.add(a.asText());
        byCollection
            .computeIfAbsent(line.path("collection").asText(), c -> new ArrayList<>())
            .add(
                new QaItem(
                    line.path("id").asText(),
                    line.path("question").asText(),
                    answers,
                    List.of(),
                    line.path("answerable").asBoolean()));
      }
      for (Map.Entry<String, List<QaItem>> e : byCollection.entrySet()) {
        CollectionId c = new CollectionId(t, e.getKey());
        if (e.getKey().isEmpty() || !services.knowledge().collectionExists(c.key())) continue;
        List<ItemResult> results =
            new AnswerEvaluation(
                    q ->
                        answering.askWithContext(
                            "replay_" + RequestIds.random(8), c, q, Answering.DEFAULT_K),
                    new LexicalSupport(),
                    services.executor(),
                    2)
                .run(e.getValue(), i -> {});
        int passed = 0;
        for (ItemResult r : results) if (passes(r)) passed++;
        services.drift().replayed(t, e.getKey(), results.size(), passed); // alerts on a drop
        out.add(new DriftStore.Replay(Instant.now(), t, e.getKey(), results.size(), passed));
      }
    }
    return out;
  }

  static boolean passes(ItemResult r) {
    if (r.error() != null) return false;
    if (!r.item().answerable()) return r.abstained();
    Double f1 = r.scores().get(AnswerMetric.F1);
    return f1 != null && f1 >= PASS_F1;
  }
}
