package dev.grounded.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grounded.answer.Asker;
import dev.grounded.answer.ExtractiveGenerator;
import dev.grounded.answer.ExtractiveOptions;
import dev.grounded.answer.QuoteVerifier;
import dev.grounded.embed.Embedder;
import dev.grounded.embed.OnnxEmbedder;
import dev.grounded.embed.WordPieceTokenizer;
import dev.grounded.gateway.auth.ApiKeys;
import dev.grounded.index.Reranker;
import dev.grounded.index.Retriever;
import dev.grounded.index.TermStatistics;
import dev.grounded.ingest.IngestOptions;
import dev.grounded.ingest.KnowledgeBase;
import dev.grounded.ingest.chunk.StructureChunker;
import dev.grounded.ingest.parse.Parser;
import dev.grounded.ingest.parse.TikaParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A real server over a real data directory, wired as {@code grounded serve} wires it: the ONNX
 * model (loaded once per test JVM), Tika, the chunker, Lucene and SQLite. Logs are captured.
 */
final class TestServer implements AutoCloseable {
  static final String EMBEDDING_MODEL = "bge-small-en-v1.5";
  private static WordPieceTokenizer tokenizer;
  private static OnnxEmbedder embedder;

  final Path data;
  final KnowledgeBase kb;
  final ApiKeys keys;
  final dev.grounded.gateway.registry.Registry registry;
  final GroundedServer server;
  final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  final ByteArrayOutputStream accessLog = new ByteArrayOutputStream();
  final ByteArrayOutputStream errorLog = new ByteArrayOutputStream();
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static synchronized OnnxEmbedder embedder() {
    if (embedder == null) {
      tokenizer = WordPieceTokenizer.bgeSmallEnV15();
      embedder = OnnxEmbedder.bgeSmallEnV15Q(tokenizer, 2);
    }
    return embedder;
  }

  static synchronized WordPieceTokenizer tokenizer() {
    embedder();
    return tokenizer;
  }

  TestServer(Path data) {
    this(data, ServerConfig.loopback(), null);
  }

  TestServer(Path data, ServerConfig config, Function<Retriever, Asker> askers) {
    this(data, config, askers, null);
  }

  TestServer(Path data, ServerConfig config, Function<Retriever, Asker> askers, Reranker reranker) {
    this(
        data,
        config,
        askers == null ? null : (r, stats) -> askers.apply(r),
        reranker,
        IngestOptions.DEFAULTS,
        p -> p,
        e -> e,
        null,
        null,
        dev.grounded.guard.Guardrails.NONE,
        null,
        null);
  }

  /** A loopback server whose ask pipelines are built with the searched collection's statistics. */
  static TestServer answering(Path data, BiFunction<Retriever, TermStatistics, Asker> askers) {
    return new TestServer(
        data,
        ServerConfig.loopback(),
        askers,
        null,
        IngestOptions.DEFAULTS,
        p -> p,
        e -> e,
        null,
        null,
        dev.grounded.guard.Guardrails.NONE,
        null,
        null);
  }

  /**
   * A loopback server answering these upstream models, with {@code guardrails} scanning chunks at
   * ingest and guarding retrieved chunks and {@code POST /api/guard/scan}.
   */
  static TestServer guarded(
      Path data, UpstreamModels upstream, dev.grounded.guard.Guardrails guardrails) {
    return new TestServer(
        data,
        ServerConfig.loopback(),
        null,
        null,
        IngestOptions.DEFAULTS,
        p -> p,
        e -> e,
        upstream,
        null,
        guardrails,
        null,
        null);
  }

  /**
   * A loopback server answering these upstream models, guarding with {@code guardrails} and
   * recording answers in {@code audit} (which the caller opened and closes).
   */
  static TestServer audited(
      Path data,
      UpstreamModels upstream,
      dev.grounded.guard.Guardrails guardrails,
      dev.grounded.audit.Audit audit,
      dev.grounded.audit.drift.DriftMonitor drift) {
    return new TestServer(
        data,
        ServerConfig.loopback(),
        null,
        null,
        IngestOptions.DEFAULTS,
        p -> p,
        e -> e,
        upstream,
        null,
        guardrails,
        audit,
        drift);
  }

  /** A loopback server that also answers these upstream models through the gateway. */
  TestServer(Path data, UpstreamModels upstream) {
    this(data, upstream, ServerConfig.loopback());
  }

  /** A server with {@code config} that also answers these upstream models. */
  TestServer(Path data, UpstreamModels upstream, ServerConfig config) {
    this(
        data,
        config,
        null,
        null,
        IngestOptions.DEFAULTS,
        p -> p,
        e -> e,
        upstream,
        null,
        dev.grounded.guard.Guardrails.NONE,
        null,
        null);
  }

  /** A loopback server answering these upstream models, {@code GET /api/costs} from {@code l}. */
  TestServer(Path data, UpstreamModels upstream, dev.grounded.gateway.ledger.Ledger l) {
    this(
        data,
        ServerConfig.loopback(),
        null,
        null,
        IngestOptions.DEFAULTS,
        p -> p,
        e -> e,
        upstream,
        l,
        dev.grounded.guard.Guardrails.NONE,
        null,
        null);
  }

  /**
   * A server whose ingest uses {@code options} and a parser and embedder decorated as given (a
   * fault-injecting or gated decorator around the real one).
   */
  TestServer(
      Path data,
      ServerConfig config,
      IngestOptions options,
      UnaryOperator<Parser> parsers,
      UnaryOperator<Embedder> embedders) {
    this(
        data,
        config,
        null,
        null,
        options,
        parsers,
        embedders,
        null,
        null,
        dev.grounded.guard.Guardrails.NONE,
        null,
        null);
  }

  private TestServer(
      Path data,
      ServerConfig config,
      BiFunction<Retriever, TermStatistics, Asker> askers,
      Reranker reranker,
      IngestOptions options,
      UnaryOperator<Parser> parsers,
      UnaryOperator<Embedder> embedders,
      UpstreamModels upstream,
      dev.grounded.gateway.ledger.Ledger ledger,
      dev.grounded.guard.Guardrails guardrails,
      dev.grounded.audit.Audit audit,
      dev.grounded.audit.drift.DriftMonitor drift) {
    this.data = data;
    OnnxEmbedder model = embedder();
    Parser parser = parsers.apply(new TikaParser());
    dev.grounded.ingest.chunk.Chunker chunker =
        new dev.grounded.ingest.chunk.ScanningChunker(
            new StructureChunker(tokenizer(), 256, 32), guardrails);
    this.kb =
        new KnowledgeBase(
            data,
            parser,
            chunker,
            embedders.apply(new Unclosable(model)),
            executor,
            "bge-small-en-v1.5-q|chunk=256/32|schema=1",
            options);
    this.keys = ApiKeys.open(data.resolve("grounded.db"));
    this.registry =
        dev.grounded.gateway.registry.Registry.open(
            data.resolve("grounded.db"),
            java.util.List.of(
                dev.grounded.answer.AnswerPrompt.builtIn(),
                dev.grounded.eval.judge.JudgePrompt.builtIn()),
            java.time.Clock.systemUTC());
    BiFunction<Retriever, TermStatistics, Asker> a =
        askers != null
            ? askers
            : (r, stats) ->
                new Asker(
                    model,
                    r,
                    new ExtractiveGenerator(model, ExtractiveOptions.DEFAULTS, stats),
                    new QuoteVerifier());
    Services services =
        Services.builder(
                kb,
                new Unclosable(model),
                EMBEDDING_MODEL,
                tokenizer()::count,
                parser,
                a,
                keys,
                executor)
            .reranker(reranker)
            .upstream(upstream == null ? UpstreamModels.NONE : upstream)
            .ledger(ledger)
            .guardrails(guardrails)
            .guardEvents(guardEvents::add)
            .registry(registry)
            .audit(audit)
            .drift(drift)
            .build();
    PrintStream access = new PrintStream(accessLog, true, StandardCharsets.UTF_8);
    PrintStream errors = new PrintStream(errorLog, true, StandardCharsets.UTF_8);
    this.server = new GroundedServer(config.withLogs(access, errors), services).start();
  }

  /** What the ask pipeline's guardrails reported, in order. */
  final java.util.List<dev.grounded.gateway.chain.GatewayEvent> guardEvents =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  /** A JSON request with an optional bearer key; returns status and parsed body. */
  Reply send(String method, String path, String key, String json) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(60));
    if (key != null) b.header("Authorization", "Bearer " + key);
    if (json != null) b.header("Content-Type", "application/json");
    b.method(
        method,
        json == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json));
    return reply(b.build());
  }

  Reply get(String path, String key) {
    return send("GET", path, key, null);
  }

  Reply post(String path, String key, String json) {
    return send("POST", path, key, json);
  }

  Reply delete(String path, String key) {
    return send("DELETE", path, key, null);
  }

  Reply reply(HttpRequest request) {
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Uploads a file as multipart/form-data, with optional extra form fields (name, value, ...). */
  Reply upload(String collection, String key, String fileName, byte[] content, String... fields) {
    Multipart m = new Multipart();
    for (int i = 0; i + 1 < fields.length; i += 2) m.field(fields[i], fields[i + 1]);
    m.file("file", fileName, content);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url("/api/collections/" + collection + "/documents")))
            .timeout(Duration.ofSeconds(120))
            .header("Content-Type", m.contentType())
            // as curl does for large bodies: a refusal (413) arrives before the body is sent,
            // instead of racing the server's close of a connection it will not read
            .expectContinue(true)
            .POST(HttpRequest.BodyPublishers.ofByteArray(m.bytes()));
    if (key != null) b.header("Authorization", "Bearer " + key);
    return reply(b.build());
  }

  /** Creates a collection and ingests one text document into it, waiting for the job. */
  void seed(String key, String collection, String fileName, String text) {
    Reply created = post("/api/collections", key, "{\"name\":\"" + collection + "\"}");
    if (created.status() != 201 && created.status() != 409)
      throw new AssertionError("create failed: " + created);
    Reply r =
        upload(collection, key, fileName, text.getBytes(StandardCharsets.UTF_8), "wait", "true");
    if (r.status() != 201) throw new AssertionError("upload failed: " + r);
  }

  String accessLog() {
    return accessLog.toString(StandardCharsets.UTF_8);
  }

  String errorLog() {
    return errorLog.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    server.stop();
    executor.close();
    keys.close();
    registry.close();
    kb.close();
  }

  /** A status, a body and its content type; {@link #json()} parses the body. */
  record Reply(int status, String body, String contentType) {
    JsonNode json() {
      try {
        return Json.MAPPER.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    /** The OpenAI error object of an error reply. */
    JsonNode error() {
      JsonNode e = json().get("error");
      if (e == null) throw new AssertionError("no error object in " + body);
      return e;
    }
  }

  /** The shared model must outlive each test server: closing is the JVM's business. */
  private record Unclosable(OnnxEmbedder model) implements dev.grounded.embed.Embedder {
    @Override
    public java.util.List<float[]> embed(java.util.List<String> texts) {
      return model.embed(texts);
    }

    @Override
    public float[] embedQuery(String query) {
      return model.embedQuery(query);
    }

    @Override
    public int dimensions() {
      return model.dimensions();
    }
  }

  static Path temp(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
