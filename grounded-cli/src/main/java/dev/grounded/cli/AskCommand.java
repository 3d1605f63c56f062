package dev.grounded.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.answer.Asker;
import dev.grounded.audit.Audit;
import dev.grounded.audit.log.AskAudit;
import dev.grounded.audit.provenance.Provenance;
import dev.grounded.core.Answer;
import dev.grounded.core.Citation;
import dev.grounded.core.GroundedException;
import dev.grounded.core.Withheld;
import dev.grounded.gateway.chain.GatewayListener;
import dev.grounded.index.LuceneSearcher;
import dev.grounded.ingest.CollectionId;
import dev.grounded.ingest.StaleSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    mixinStandardHelpOptions = true,
    name = "ask",
    description = "Answer a question from the collection, citing the sources of every sentence.")
final class AskCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Mixin RerankOptions rerank;

  @Mixin GeneratorOptions generation;

  @Parameters(paramLabel = "QUESTION", arity = "1..*", description = "The question.")
  List<String> words;

  @Option(
      names = {"-k", "--top"},
      descriptionKey = "ask.top_k",
      description = "Chunks to read (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--json", description = "Print as JSON.")
  boolean json;

  @Override
  public Integer call() {
    String question = String.join(" ", words);
    Checks.query(question);
    Checks.topK(k);
    generation.check(common.data.config());
    AuditPlan plan = AuditPlan.of(common.data.config());
    String requestId = "cli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    CollectionId c = CollectionId.parse(common.collection());
    Set<String> findings = new TreeSet<>();
    GatewayListener events = AskAudit.collecting(findings, GatewayListener.NONE);
    try (App app = common.app();
        LuceneSearcher searcher = app.kb().searcher(common.collection());
        Audit audit = plan.open(common.data, System.err)) {
      AskAudit record =
          audit == null
              ? AskAudit.NONE
              : audit.asks(
                  (tenant, collection, doc) ->
                      app.kb()
                          .document(new CollectionId(tenant, collection).key(), doc)
                          .map(e -> new Provenance.DocumentVersion(e.version(), e.contentHash())));
      AskAudit.Caller caller = new AskAudit.Caller(requestId, c.tenant(), "", "", "cli ask");
      String generator = generation.model() == null ? "" : generation.model();
      String prompt = generator.isEmpty() ? "" : Prompts.answer(common.data.database()).ref();
      Asker.Asked asked;
      try {
        asked =
            app.asker(common.collection(), searcher, generation, rerank, requestId, events)
                .askWithContext(question, k);
      } catch (GroundedException e) {
        record.asked(
            caller,
            c.name(),
            searcher.contentVersion(),
            generator,
            prompt,
            question,
            null,
            null,
            e.code().code(),
            findings);
        throw e;
      }
      Answer answer = asked.answer();
      Optional<ObjectNode> provenance =
          record.asked(
              caller,
              c.name(),
              searcher.contentVersion(),
              generator,
              prompt,
              question,
              answer,
              asked.draft(),
              "ok",
              findings);
      List<StaleSource> stale = app.kb().staleSources(c.key(), answer, java.time.Instant.now());
      if (json) {
        Map<String, Object> out = toJson(answer);
        provenance.ifPresent(p -> out.put("provenance", p));
        if (!stale.isEmpty())
          out.put(
              "stale_sources",
              stale.stream()
                  .map(
                      s ->
                          Map.of(
                              "document", s.source(),
                              "document_id", s.documentId(),
                              "age_days", s.ageDays(),
                              "freshness_days", s.limitDays(),
                              "dated_by", s.datedBy()))
                  .toList());
        System.out.println(Json.write(out));
      } else {
        StringBuilder text = new StringBuilder(human(answer));
        for (StaleSource s : stale)
          text.append(
              String.format(
                  Locale.ROOT,
                  "%nStale: %s is %d days old (this collection's limit: %d days; dated by %s)",
                  s.source(),
                  s.ageDays(),
                  s.limitDays(),
                  s.datedBy()));
        System.out.println(text);
      }
      return 0;
    }
  }

  static Map<String, Object> toJson(Answer a) {
    List<Map<String, Object>> cites = new ArrayList<>();
    for (Citation c : a.citations()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("n", c.n());
      m.put("document", c.chunk().source());
      m.put("location", c.chunk().location().display());
      m.put("quote", c.quote());
      m.put("score", Math.round(c.score() * 10000) / 10000.0);
      cites.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("answer", a.text());
    out.put("abstained", a.abstained());
    out.put("citations", cites);
    if (!a.withheld().isEmpty()) {
      List<Map<String, Object>> withheld = new ArrayList<>();
      for (Withheld w : a.withheld())
        withheld.add(Map.of("document", w.source(), "chunk", w.ordinal(), "reasons", w.reasons()));
      out.put("withheld", withheld);
    }
    return out;
  }

  static String human(Answer a) {
    StringBuilder sb = new StringBuilder(a.text());
    if (!a.citations().isEmpty()) sb.append("\n\nSources:");
    for (Citation c : a.citations()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%n  [%d] %s (%s)%n      \"%s\"",
              c.n(),
              c.chunk().source(),
              c.chunk().location().display(),
              Checks.snippet(c.quote(), 300)));
    }
    for (Withheld w : a.withheld())
      sb.append(
          String.format(
              Locale.ROOT,
              "%nWithheld: %s (chunk %d): %s",
              w.source(),
              w.ordinal() + 1,
              String.join(", ", w.reasons())));
    return sb.toString();
  }
}
