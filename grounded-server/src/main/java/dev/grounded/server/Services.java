package dev.grounded.server;

import dev.grounded.answer.Asker;
import dev.grounded.core.TokenCounter;
import dev.grounded.embed.Embedder;
import dev.grounded.gateway.auth.ApiKeys;
import dev.grounded.gateway.chain.GatewayListener;
import dev.grounded.gateway.ledger.Ledger;
import dev.grounded.guard.Guardrails;
import dev.grounded.index.Reranker;
import dev.grounded.index.Retriever;
import dev.grounded.index.TermStatistics;
import dev.grounded.ingest.KnowledgeBase;
import dev.grounded.ingest.parse.Parser;
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
    GatewayListener guardEvents) {
  /** Services without guardrails. */
  public Services(
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
      Ledger ledger) {
    this(
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
        Guardrails.NONE,
        GatewayListener.NONE);
  }

  /** Services without a ledger. */
  public Services(
      KnowledgeBase knowledge,
      Embedder embedder,
      String embeddingModel,
      TokenCounter tokens,
      Parser parser,
      BiFunction<Retriever, TermStatistics, Asker> askers,
      ApiKeys keys,
      ExecutorService executor,
      Reranker reranker,
      UpstreamModels upstream) {
    this(
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
        null);
  }

  /** Services without upstream models. */
  public Services(
      KnowledgeBase knowledge,
      Embedder embedder,
      String embeddingModel,
      TokenCounter tokens,
      Parser parser,
      BiFunction<Retriever, TermStatistics, Asker> askers,
      ApiKeys keys,
      ExecutorService executor,
      Reranker reranker) {
    this(
        knowledge,
        embedder,
        embeddingModel,
        tokens,
        parser,
        askers,
        keys,
        executor,
        reranker,
        UpstreamModels.NONE);
  }

  /** Services without a reranker. */
  public Services(
      KnowledgeBase knowledge,
      Embedder embedder,
      String embeddingModel,
      TokenCounter tokens,
      Parser parser,
      BiFunction<Retriever, TermStatistics, Asker> askers,
      ApiKeys keys,
      ExecutorService executor) {
    this(knowledge, embedder, embeddingModel, tokens, parser, askers, keys, executor, null);
  }

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
  }

  /** The same services answering these upstream models too. */
  public Services withUpstream(UpstreamModels models) {
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
        models,
        ledger,
        guardrails,
        guardEvents);
  }

  /** The same services with {@code costs} as the ledger {@code GET /api/costs} reads. */
  public Services withLedger(Ledger costs) {
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
        costs,
        guardrails,
        guardEvents);
  }

  /** The same services with {@code g} as their guardrails. */
  public Services withGuardrails(Guardrails g) {
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
        g,
        guardEvents);
  }

  /** The same services reporting what the ask pipeline's guardrails did to {@code events}. */
  public Services withGuardEvents(GatewayListener events) {
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
        events);
  }
}
