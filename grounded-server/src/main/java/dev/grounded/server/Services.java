package dev.grounded.server;

import dev.grounded.answer.AskStages;
import dev.grounded.answer.Asker;
import dev.grounded.audit.Audit;
import dev.grounded.audit.drift.DriftMonitor;
import dev.grounded.audit.metrics.Metrics;
import dev.grounded.audit.trace.Tracing;
import dev.grounded.core.TokenCounter;
import dev.grounded.embed.Embedder;
import dev.grounded.gateway.auth.ApiKeys;
import dev.grounded.gateway.budget.Budgets;
import dev.grounded.gateway.chain.GatewayListener;
import dev.grounded.gateway.ledger.Ledger;
import dev.grounded.gateway.registry.Registry;
import dev.grounded.guard.Guardrails;
import dev.grounded.index.Reranker;
import dev.grounded.index.Retriever;
import dev.grounded.index.TermStatistics;
import dev.grounded.ingest.KnowledgeBase;
import dev.grounded.ingest.parse.Parser;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.function.BiFunction;

/**
 * The stages the server's handlers call, built by the composition root (the CLI's {@code serve}).
 *
 * @param knowledge the data directory: collections, documents, ingest, searchers
 * @param embedder the local embedding model, also served at {@code /v1/embeddings}
 * @param embeddingModel the name the embedding model is served under
 * @param tokens counts model tokens for usage figures
 * @param parser parses uploads (synchronously, so a bad file is refused at once)
 * @param askers builds the ask pipeline over a retriever, with the term statistics of the
 *     collection searched (the extractive answerer weighs the question's words by them)
 * @param keys API keys
 * @param executor runs ingest jobs (virtual threads)
 * @param reranker reranks hybrid hits (as deep as the collection's saved rerank depth, else {@value
 *     dev.grounded.index.RetrievalSettings#DEFAULT_RERANK_DEPTH}); null for none
 * @param upstream configured upstream models answered through the gateway ({@link
 *     UpstreamModels#NONE} for none)
 * @param ledger the cost ledger {@code GET /api/costs} reads; null when calls are not recorded
 * @param guardrails the guardrails {@code POST /api/guard/scan} runs and {@code rag:} answers apply
 *     to questions and retrieved chunks ({@link Guardrails#NONE} for none)
 * @param guardEvents receives what those guardrails did to a question or chunk, with the request id
 *     (as the gateway's guard stage reports its own)
 * @param registry versioned prompts and aliases ({@code /api/prompts}, {@code /api/aliases}, the
 *     {@code prompt} of a chat request, the grounded-answer prompt of {@code rag:} models); null
 *     for none
 * @param audit the audit log grounded answers are recorded in and {@code /api/audit} reads; null
 *     when requests are not audited
 * @param drift samples answers and watches their daily series ({@code /api/drift}); null for none
 * @param metrics records requests, asks and ingests, and serves {@code /metrics} ({@link
 *     Metrics#none()}: nothing recorded, no {@code /metrics})
 * @param metricsRequireKey whether {@code /metrics} needs an API key like {@code /api/*} (setting
 *     {@code metrics.require_key}); else it is open like {@code /healthz}
 * @param tracing makes the spans of requests and asks ({@link Tracing#off()}: trace ids only)
 * @param budgets the spend and rate limits of tenants, keys and users, read by {@code GET
 *     /api/budgets}; null when the server applies none
 */
public record Services(
    KnowledgeBase knowledge,
    Embedder embedder,
    String embeddingModel,
    TokenCounter tokens,
    Parser parser,
    BiFunction<Retriever, TermStatistics, Asker> askers,
    ApiKeys keys,
    ExecutorService executor,
    Reranker reranker,
    UpstreamModels upstream,
    Ledger ledger,
    Guardrails guardrails,
    GatewayListener guardEvents,
    Registry registry,
    Audit audit,
    DriftMonitor drift,
    Metrics metrics,
    boolean metricsRequireKey,
    Tracing tracing,
    Budgets budgets) {
  public Services {
    Objects.requireNonNull(knowledge, "knowledge");
    Objects.requireNonNull(embedder, "embedder");
    Objects.requireNonNull(embeddingModel, "embeddingModel");
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(parser, "parser");
    Objects.requireNonNull(askers, "askers");
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(upstream, "upstream");
    Objects.requireNonNull(guardrails, "guardrails");
    Objects.requireNonNull(guardEvents, "guardEvents");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(tracing, "tracing");
  }

  /** What observes the ask pipeline's stages: the metrics' timers and, when exported, spans. */
  AskStages askStages() {
    return AskStages.all(
        List.of(
            metrics.enabled() ? metrics.askStages() : AskStages.NONE,
            tracing.exporting() ? tracing.askStages() : AskStages.NONE));
  }

  /**
   * Services with the required stages; the optional ones (reranker, upstream models, ledger,
   * guardrails and their events) are none until set on the builder.
   */
  public static Builder builder(
      KnowledgeBase knowledge,
      Embedder embedder,
      String embeddingModel,
      TokenCounter tokens,
      Parser parser,
      BiFunction<Retriever, TermStatistics, Asker> askers,
      ApiKeys keys,
      ExecutorService executor) {
    return new Builder(knowledge, embedder, embeddingModel, tokens, parser, askers, keys, executor);
  }

  /** Collects the optional stages of {@link Services}. */
  public static final class Builder {
    private final KnowledgeBase knowledge;
    private final Embedder embedder;
    private final String embeddingModel;
    private final TokenCounter tokens;
    private final Parser parser;
    private final BiFunction<Retriever, TermStatistics, Asker> askers;
    private final ApiKeys keys;
    private final ExecutorService executor;
    private Reranker reranker;
    private UpstreamModels upstream = UpstreamModels.NONE;
    private Ledger ledger;
    private Budgets budgets;
    private Guardrails guardrails = Guardrails.NONE;
    private GatewayListener guardEvents = GatewayListener.NONE;
    private Registry registry;
    private Audit audit;
    private DriftMonitor drift;
    private Metrics metrics = Metrics.none();
    private boolean metricsRequireKey;
    private Tracing tracing = Tracing.off();

    private Builder(
        KnowledgeBase knowledge,
        Embedder embedder,
        String embeddingModel,
        TokenCounter tokens,
        Parser parser,
        BiFunction<Retriever, TermStatistics, Asker> askers,
        ApiKeys keys,
        ExecutorService executor) {
      this.knowledge = knowledge;
      this.embedder = embedder;
      this.embeddingModel = embeddingModel;
      this.tokens = tokens;
      this.parser = parser;
      this.askers = askers;
      this.keys = keys;
      this.executor = executor;
    }

    /** Reranks hybrid hits; null for none. */
    public Builder reranker(Reranker r) {
      this.reranker = r;
      return this;
    }

    public Builder upstream(UpstreamModels u) {
      this.upstream = Objects.requireNonNull(u, "upstream");
      return this;
    }

    /** The limits {@code GET /api/budgets} reads; null for none. */
    public Builder budgets(Budgets b) {
      this.budgets = b;
      return this;
    }

    /** The ledger {@code GET /api/costs} reads; null when calls are not recorded. */
    public Builder ledger(Ledger l) {
      this.ledger = l;
      return this;
    }

    public Builder guardrails(Guardrails g) {
      this.guardrails = Objects.requireNonNull(g, "guardrails");
      return this;
    }

    public Builder guardEvents(GatewayListener l) {
      this.guardEvents = Objects.requireNonNull(l, "guardEvents");
      return this;
    }

    /** Versioned prompts and aliases; null for none. */
    public Builder registry(Registry r) {
      this.registry = r;
      return this;
    }

    /** The audit log answers are recorded in; null when requests are not audited. */
    public Builder audit(Audit a) {
      this.audit = a;
      return this;
    }

    /** Samples answers for drift; null for none. */
    public Builder drift(DriftMonitor d) {
      this.drift = d;
      return this;
    }

    /** The metrics, and whether {@code /metrics} needs an API key. */
    public Builder metrics(Metrics m, boolean requireKey) {
      this.metrics = Objects.requireNonNull(m, "metrics");
      this.metricsRequireKey = requireKey;
      return this;
    }

    public Builder tracing(Tracing t) {
      this.tracing = Objects.requireNonNull(t, "tracing");
      return this;
    }

    public Services build() {
      return new Services(
          knowledge,
          embedder,
          embeddingModel,
          tokens,
          parser,
          askers,
          keys,
          executor,
          reranker,
          upstream,
          ledger,
          guardrails,
          guardEvents,
          registry,
          audit,
          drift,
          metrics,
          metricsRequireKey,
          tracing,
          budgets);
    }
  }
}
