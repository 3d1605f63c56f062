package dev.grounded.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.answer.AskGuard;
import dev.grounded.answer.AskStages;
import dev.grounded.answer.Asker;
import dev.grounded.answer.LlmGenerator;
import dev.grounded.audit.drift.DriftMonitor;
import dev.grounded.audit.drift.DriftSample;
import dev.grounded.audit.log.AskAudit;
import dev.grounded.audit.provenance.Provenance;
import dev.grounded.core.Answer;
import dev.grounded.core.GroundedException;
import dev.grounded.core.Hit;
import dev.grounded.gateway.auth.Principal;
import dev.grounded.gateway.chain.GatewayListener;
import dev.grounded.guard.GuardScope;
import dev.grounded.index.Filter;
import dev.grounded.index.LuceneSearcher;
import dev.grounded.index.Reranker;
import dev.grounded.index.RerankingRetriever;
import dev.grounded.index.RetrievalSettings;
import dev.grounded.index.Retriever;
import dev.grounded.index.SearchMode;
import dev.grounded.index.SearchQuery;
import dev.grounded.ingest.CollectionId;
import dev.grounded.ingest.StaleSource;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** Runs searches and asks against a collection's current searcher. Wiring only. */
final class Answering {
  static final int DEFAULT_K = 5;
  private final Services services;
  private final AskAudit audit;

  Answering(Services services) {
    this.services = services;
    this.audit =
        services.audit() == null ? AskAudit.NONE : services.audit().asks(documents(services));
  }

  /** The manifest's documents, as provenance records name them. */
  static Provenance.Documents documents(Services services) {
    return (tenant, collection, documentId) ->
        services
            .knowledge()
            .document(new CollectionId(tenant, collection).key(), documentId)
            .map(e -> new Provenance.DocumentVersion(e.version(), e.contentHash()));
  }

  /**
   * An answer, its signed provenance record (null when the server signs none), and the cited
   * documents older than the collection's freshness limit.
   */
  record Answered(Answer answer, ObjectNode provenance, List<StaleSource> stale) {}

  private void observe(DriftMonitor drift, DriftSample sample) {
    try {
      drift.observe(sample);
    } catch (RuntimeException e) {
      // a lost sample is not worth failing anything for; the store's problem shows elsewhere
    }
  }

  /** Who asked through {@code ctx}, as the user {@code user} ({@code ""} for none). */
  static AskAudit.Caller caller(Context ctx, String user) {
    Principal p = Auth.principal(ctx);
    return new AskAudit.Caller(
        RequestIds.of(ctx),
        p.tenant(),
        p.keyId().equals("-") ? "" : p.keyId(),
        user == null ? "" : user,
        ctx.endpoint() == null ? ctx.path() : ctx.endpoint().path);
  }

  Answered ask(
      AskAudit.Caller caller,
      CollectionId collection,
      String question,
      int k,
      SearchMode mode,
      Filter filter) {
    Set<String> findings = ConcurrentHashMap.newKeySet();
    AtomicReference<String> version = new AtomicReference<>("");
    return audited(
        caller,
        collection,
        version,
        "",
        "",
        question,
        findings,
        () -> {
          try (LuceneSearcher searcher = services.knowledge().searcher(collection.key())) {
            version.set(searcher.contentVersion());
            Retriever retriever = filtered(retriever(collection, searcher, mode), filter);
            return services
                .askers()
                .apply(retriever, searcher.termStatistics())
                .withGuard(askGuard(caller.requestId(), collection, findings))
                .withStages(services.askStages())
                .askWithContext(question, k);
          }
        });
  }

  /** Runs {@code ask} and records its answer, or its failure, in the audit log. */
  private Answered audited(
      AskAudit.Caller caller,
      CollectionId collection,
      AtomicReference<String> version,
      String generator,
      String prompt,
      String question,
      Set<String> findings,
      Supplier<Asker.Asked> ask) {
    Asker.Asked asked;
    try {
      asked = ask.get();
    } catch (GroundedException e) {
      audit.asked(
          caller,
          collection.name(),
          version.get(),
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
    DriftMonitor drift = services.drift();
    if (drift != null && drift.sampled(caller.requestId())) {
      DriftSample sample =
          DriftSample.of(
              Instant.now(),
              caller.tenant(),
              collection.name(),
              answer,
              asked.context(),
              findings.size());
      services.executor().execute(() -> observe(drift, sample));
    }
    ObjectNode provenance =
        audit
            .asked(
                caller,
                collection.name(),
                version.get(),
                generator,
                prompt,
                question,
                answer,
                asked.draft(),
                "ok",
                findings)
            .orElse(null);
    return new Answered(
        answer,
        provenance,
        services.knowledge().staleSources(collection.key(), answer, Instant.now()));
  }

  /**
   * An answer by model {@code alias} over the collection's retriever; {@code generator} makes the
   * generator from the content version of the very commit the answer is built from.
   */
  Answered askWithModel(
      AskAudit.Caller caller,
      CollectionId collection,
      String alias,
      String prompt,
      String question,
      int k,
      SearchMode mode,
      Filter filter,
      java.util.function.Function<String, LlmGenerator> generator) {
    Set<String> findings = ConcurrentHashMap.newKeySet();
    AtomicReference<String> version = new AtomicReference<>("");
    return audited(
        caller,
        collection,
        version,
        alias,
        prompt,
        question,
        findings,
        () -> {
          try (LuceneSearcher searcher = services.knowledge().searcher(collection.key())) {
            version.set(searcher.contentVersion());
            Retriever retriever = filtered(retriever(collection, searcher, mode), filter);
            return Asker.withModel(
                    services.embedder(), retriever, generator.apply(searcher.contentVersion()))
                .withGuard(askGuard(caller.requestId(), collection, findings))
                .withStages(services.askStages())
                .askWithContext(question, k);
          }
        });
  }

  /** An answer with its retrieved context (for evaluation), over the collection's settings. */
  Asker.Asked askWithContext(String requestId, CollectionId collection, String question, int k) {
    try (LuceneSearcher searcher = services.knowledge().searcher(collection.key())) {
      return services
          .askers()
          .apply(retriever(collection, searcher, SearchMode.HYBRID), searcher.termStatistics())
          .withGuard(askGuard(requestId, collection, ConcurrentHashMap.newKeySet()))
          .withStages(services.askStages())
          .askWithContext(question, k);
    }
  }

  /**
   * The guardrails on the question and the retrieved chunks, under the policy for {@code
   * rag:<collection>}; every chunk of an untrusted collection is treated as untrusted; what they do
   * is reported with the request id and kept in {@code findings} ({@code action:type}) for the
   * audit record.
   */
  private AskGuard askGuard(String requestId, CollectionId collection, Set<String> findings) {
    GatewayListener events = services.guardEvents();
    return AskGuard.of(
            services.guardrails(),
            new GuardScope(collection.tenant(), "rag:" + collection.name()),
            services.knowledge().untrusted(collection.key()))
        .reportingTo(requestId, AskAudit.collecting(findings, events));
  }

  /**
   * A search; {@code rerank} false leaves a hybrid search in fusion order even when the server has
   * a reranker (the console's search playground shows both).
   */
  List<Hit> search(
      CollectionId collection,
      String query,
      int k,
      SearchMode mode,
      Filter filter,
      boolean rerank) {
    try (LuceneSearcher searcher = services.knowledge().searcher(collection.key())) {
      float[] vector = mode.needsVector() ? services.embedder().embedQuery(query) : new float[0];
      return retriever(collection, searcher, mode, rerank)
          .retrieve(new SearchQuery(query, vector, k, filter));
    }
  }

  /** Whether a search in {@code mode} of {@code collection} is reranked, and how deep (0: not). */
  int rerankDepth(CollectionId collection, SearchMode mode, boolean rerank) {
    if (!reranks(mode, rerank)) return 0;
    return services.knowledge().retrievalSettings(collection.key()).rerankDepthOrDefault();
  }

  /** Whether a search in {@code mode} (null: hybrid) is reranked: hybrid, with a reranker. */
  private boolean reranks(SearchMode mode, boolean rerank) {
    return rerank
        && services.reranker() != null
        && (mode == null ? SearchMode.HYBRID : mode) == SearchMode.HYBRID;
  }

  /**
   * The collection's saved retrieval settings (else the default fusion) for a hybrid search,
   * reranked when the server has a reranker.
   */
  private Retriever retriever(CollectionId collection, LuceneSearcher searcher, SearchMode mode) {
    return retriever(collection, searcher, mode, true);
  }

  private Retriever retriever(
      CollectionId collection, LuceneSearcher searcher, SearchMode mode, boolean rerank) {
    RetrievalSettings s = services.knowledge().retrievalSettings(collection.key());
    SearchMode m = mode == null ? SearchMode.HYBRID : mode;
    Retriever base = searcher.retriever(m, s.fusion(), s.depth());
    if (!reranks(m, rerank)) return base;
    Reranker reranker = services.reranker();
    AskStages stages = services.askStages();
    Reranker observed =
        stages == AskStages.NONE
            ? reranker
            : (query, hits) -> stages.run(AskStages.RERANK, () -> reranker.rerank(query, hits));
    return new RerankingRetriever(base, observed, s.rerankDepthOrDefault());
  }

  private static Retriever filtered(Retriever retriever, Filter filter) {
    if (filter == null || filter.isEmpty()) return retriever;
    return query -> retriever.retrieve(query.withFilter(filter));
  }
}
