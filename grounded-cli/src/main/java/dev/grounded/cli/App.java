package dev.grounded.cli;

import dev.grounded.answer.AnswerPrompt;
import dev.grounded.answer.AskGuard;
import dev.grounded.answer.Asker;
import dev.grounded.answer.ExtractiveGenerator;
import dev.grounded.answer.Generator;
import dev.grounded.answer.LexicalSupport;
import dev.grounded.answer.LlmGenerator;
import dev.grounded.answer.QuoteVerifier;
import dev.grounded.answer.ReaderGenerator;
import dev.grounded.answer.SemanticSupport;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.core.TokenCounter;
import dev.grounded.embed.Embedder;
import dev.grounded.embed.OffloadingEmbedder;
import dev.grounded.embed.OnnxCrossEncoder;
import dev.grounded.embed.OnnxEmbedder;
import dev.grounded.embed.OnnxReader;
import dev.grounded.embed.WordPieceTokenizer;
import dev.grounded.gateway.chain.GatewayListener;
import dev.grounded.guard.GuardScope;
import dev.grounded.guard.Guardrails;
import dev.grounded.index.LuceneSearcher;
import dev.grounded.index.Reranker;
import dev.grounded.index.RerankingRetriever;
import dev.grounded.index.RetrievalSettings;
import dev.grounded.index.Retriever;
import dev.grounded.index.SearchMode;
import dev.grounded.index.TermStatistics;
import dev.grounded.ingest.IngestOptions;
import dev.grounded.ingest.KnowledgeBase;
import dev.grounded.ingest.chunk.Chunker;
import dev.grounded.ingest.chunk.ScanningChunker;
import dev.grounded.ingest.chunk.StructureChunker;
import dev.grounded.ingest.parse.ParseLimits;
import dev.grounded.ingest.parse.Parser;
import dev.grounded.ingest.parse.TikaParser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The CLI's composition root: builds the model, the stages and the data directory once per command,
 * and closes them in reverse order.
 */
final class App implements AutoCloseable {
  static final int MAX_TOKENS = 256;
  static final int OVERLAP_TOKENS = 32;

  /** The longest answer a model is asked for, in sentences. */
  static final int LLM_MAX_SENTENCES = LlmGenerator.DEFAULT_MAX_SENTENCES;

  /** Concurrent native inferences at most: callers beyond it queue (see OffloadingEmbedder). */
  static final int INFERENCE_THREADS = 64;

  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final ExecutorService inference =
      Executors.newFixedThreadPool(
          INFERENCE_THREADS, Thread.ofPlatform().daemon().name("inference-", 0).factory());
  private final LazyEmbedder embedder;
  private final Embedder offloaded;
  private final Lazy<WordPieceTokenizer> tokenizer;
  private final Lazy<Parser> parser;
  private final KnowledgeBase kb;
  private final Guardrails guardrails;
  private final Path dataDir;
  private final Map<Path, OnnxCrossEncoder> crossEncoders = new ConcurrentHashMap<>();
  private final Map<Path, OnnxReader> readers = new ConcurrentHashMap<>();

  App(Path dataDir) {
    this(dataDir, ParseLimits.DEFAULTS, IngestOptions.DEFAULT_LOCK_WAIT, Guardrails.NONE);
  }

  /**
   * @param limits what one document may cost to ingest (the {@code ingest.*} settings)
   * @param lockWait how long writes wait for a collection another process writes ({@code
   *     ingest.lock_wait})
   * @param guardrails scan each chunk at ingest, findings stored with it ({@link Guardrails#NONE}:
   *     no scan)
   */
  App(Path dataDir, ParseLimits limits, Duration lockWait, Guardrails guardrails) {
    this.guardrails = guardrails;
    this.dataDir = dataDir;
    // Loading the tokenizer, Tika and the model takes most of a second: only commands that use them
    // pay.
    this.tokenizer = new Lazy<>(WordPieceTokenizer::bgeSmallEnV15);
    this.parser = new Lazy<>(() -> new TikaParser(limits));
    Lazy<Chunker> chunker =
        new Lazy<>(
            () ->
                new ScanningChunker(
                    new StructureChunker(tokenizer.get(), MAX_TOKENS, OVERLAP_TOKENS), guardrails));
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    this.embedder = new LazyEmbedder(() -> OnnxEmbedder.bgeSmallEnV15Q(tokenizer.get(), threads));
    this.offloaded = new OffloadingEmbedder(embedder, inference);
    String fingerprint =
        "bge-small-en-v1.5-q|chunk=" + MAX_TOKENS + "/" + OVERLAP_TOKENS + "|schema=1";
    this.kb =
        new KnowledgeBase(
            dataDir,
            file -> parser.get().parse(file),
            (id, doc) -> chunker.get().chunk(id, doc),
            embedder,
            executor,
            fingerprint,
            IngestOptions.DEFAULTS.withLockWait(lockWait),
            limits);
  }

  KnowledgeBase kb() {
    return kb;
  }

  LazyEmbedder embedder() {
    return embedder;
  }

  /**
   * The embedder for callers on virtual threads (the server's requests): each inference runs on a
   * platform thread, so concurrent requests are not limited to one inference per core.
   */
  Embedder concurrentEmbedder() {
    return offloaded;
  }

  /** Counts tokens of the embedding model's tokenizer (usage figures). */
  TokenCounter tokens() {
    return text -> tokenizer.get().count(text);
  }

  Parser parser() {
    return file -> parser.get().parse(file);
  }

  ExecutorService executor() {
    return executor;
  }

  /**
   * The collection's retriever for a mode: its saved retrieval settings (see {@code eval tune
   * --save}) with the command's {@code fusion} options applied (null: none). Hybrid hits are then
   * reranked when a reranker is given (see {@link RerankOptions}), as deep as {@code
   * --rerank-depth}, else the collection's saved rerank depth, else 20.
   */
  Retriever retriever(
      String collection,
      LuceneSearcher searcher,
      SearchMode mode,
      FusionOptions fusion,
      RerankOptions rerank) {
    RetrievalSettings saved = kb.retrievalSettings(collection);
    RetrievalSettings s = fusion == null ? saved : fusion.apply(saved);
    Retriever base = searcher.retriever(mode, s.fusion(), s.depth());
    Path dir = rerank.directory();
    if (dir == null || mode != SearchMode.HYBRID) return base;
    return new RerankingRetriever(base, concurrentReranker(dir), rerank.effectiveDepth(saved));
  }

  /** The extractive reader in {@code dir} (loaded once per directory). */
  OnnxReader reader(Path dir) {
    return readers.computeIfAbsent(
        dir.toAbsolutePath().normalize(),
        d -> OnnxReader.load(d, Math.max(1, Runtime.getRuntime().availableProcessors())));
  }

  /** The cross-encoder in {@code dir} as a reranker of chunks (loaded once per directory). */
  Reranker reranker(Path dir) {
    OnnxCrossEncoder encoder =
        crossEncoders.computeIfAbsent(
            dir.toAbsolutePath().normalize(),
            d -> OnnxCrossEncoder.load(d, Math.max(1, Runtime.getRuntime().availableProcessors())));
    return Reranker.scoring(encoder::score);
  }

  /**
   * The reranker for callers on virtual threads (the server's requests): each inference runs on a
   * platform thread of the inference pool, as the embedder's do.
   */
  Reranker concurrentReranker(Path dir) {
    Reranker direct = reranker(dir);
    return (query, hits) -> onInference(() -> direct.rerank(query, hits));
  }

  /** A generator whose native inference runs on the inference pool, not the caller's thread. */
  Generator onInference(Generator g) {
    return (question, context) -> onInference(() -> g.generate(question, context));
  }

  /** Runs native inference on a platform thread of the inference pool and waits for it. */
  private <T> T onInference(Callable<T> task) {
    try {
      return inference.submit(task).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GroundedException(ErrorCode.INTERNAL, "interrupted", null, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) throw re;
      throw new GroundedException(ErrorCode.INTERNAL, "inference failed", null, e.getCause());
    }
  }

  Asker asker(String collection, LuceneSearcher searcher) {
    return asker(collection, searcher, new GeneratorOptions(), new RerankOptions());
  }

  /**
   * The collection's ask pipeline with the chosen generator and its verifier, retrieved chunks
   * guarded under the CLI's scope (tenant {@code default}, model {@code ask}).
   */
  Asker asker(
      String collection,
      LuceneSearcher searcher,
      GeneratorOptions generator,
      RerankOptions rerank) {
    return asker(collection, searcher, generator, rerank, "", GatewayListener.NONE);
  }

  /** As above, reporting what the guardrails did to {@code events} under {@code requestId}. */
  Asker asker(
      String collection,
      LuceneSearcher searcher,
      GeneratorOptions generator,
      RerankOptions rerank,
      String requestId,
      GatewayListener events) {
    return asker(
            retriever(collection, searcher, SearchMode.HYBRID, null, rerank),
            generator,
            searcher.termStatistics())
        .withGuard(
            AskGuard.of(guardrails, GuardScope.CLI, kb.untrusted(collection))
                .reportingTo(requestId, events));
  }

  /**
   * The ask pipeline over any retriever. The extractive generator quotes, so its citations are
   * verified as quotes; a model paraphrases, so each of its sentences must be supported by a cited
   * chunk ({@link SemanticSupport}: its words, or a close paraphrase of one of its sentences).
   */
  Asker asker(Retriever retriever, GeneratorOptions generator) {
    return asker(retriever, generator, TermStatistics.NONE);
  }

  /**
   * The ask pipeline over any retriever, with the collection's term statistics for the extractive
   * generator's answerability check.
   */
  Asker asker(Retriever retriever, GeneratorOptions generator, TermStatistics stats) {
    Path readerDir = generator.readerDir();
    if (readerDir != null)
      return new Asker(
          offloaded,
          retriever,
          onInference(new ReaderGenerator(reader(readerDir), generator.readerMinConfidence())),
          new QuoteVerifier());
    if (generator.model() == null)
      return new Asker(
          offloaded,
          retriever,
          new ExtractiveGenerator(offloaded, generator.extractive(), stats),
          new QuoteVerifier());
    return Asker.withModel(
        offloaded,
        retriever,
        new LlmGenerator(
            generator.chatModel(), new LexicalSupport(), LLM_MAX_SENTENCES, answerPrompt()));
  }

  /**
   * The default tenant's {@code production} version of the grounded-answer prompt in the data
   * directory's registry (the shipped one until a version of its own is labelled).
   */
  private AnswerPrompt answerPrompt() {
    return Prompts.answer(dataDir.resolve("grounded.db"));
  }

  /**
   * Closes the models only after every task that may still be running an inference on them has
   * ended: closing an ONNX session under a running inference crashes the JVM (a native
   * use-after-free), as a request in flight at shutdown once did.
   */
  @Override
  public void close() {
    try {
      kb.close();
    } finally {
      executor.close(); // waits for the tasks on virtual threads
      inference.shutdown();
      boolean ended = false;
      try {
        ended = inference.awaitTermination(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (!ended) { // leave the models to the process's exit rather than crash it
        System.err.println("grounded: warning: an inference did not end; models left open");
        return;
      }
      crossEncoders.values().forEach(OnnxCrossEncoder::close);
      readers.values().forEach(OnnxReader::close);
      embedder.close();
    }
  }
}
