package dev.grounded.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.answer.Asker;
import dev.grounded.audit.Audit;
import dev.grounded.audit.drift.DriftMonitor;
import dev.grounded.audit.drift.DriftSettings;
import dev.grounded.audit.drift.DriftStore;
import dev.grounded.audit.log.AuditOptions;
import dev.grounded.embed.Embedder;
import dev.grounded.embed.OffloadingEmbedder;
import dev.grounded.embed.OnnxEmbedder;
import dev.grounded.embed.WordPieceTokenizer;
import dev.grounded.eval.BeirDocument;
import dev.grounded.eval.BeirReader;
import dev.grounded.eval.BeirSource;
import dev.grounded.gateway.Gateway;
import dev.grounded.gateway.auth.ApiKeys;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.ChatResponse;
import dev.grounded.gateway.chain.Deadline;
import dev.grounded.gateway.chain.RequestMetadata;
import dev.grounded.gateway.chain.Usage;
import dev.grounded.gateway.ledger.Ledger;
import dev.grounded.gateway.ledger.LedgerInterceptor;
import dev.grounded.gateway.ledger.LedgerWriter;
import dev.grounded.gateway.price.CallPricing;
import dev.grounded.gateway.price.PriceCatalogue;
import dev.grounded.gateway.provider.Provider;
import dev.grounded.index.Retriever;
import dev.grounded.index.TermStatistics;
import dev.grounded.ingest.CollectionId;
import dev.grounded.ingest.IngestListener;
import dev.grounded.ingest.KnowledgeBase;
import dev.grounded.ingest.chunk.StructureChunker;
import dev.grounded.ingest.parse.TikaParser;
import dev.grounded.server.GroundedServer;
import dev.grounded.server.ServerConfig;
import dev.grounded.server.Services;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;

/**
 * What the audit log (and the drift sampler) add to a request, each beside the same path without
 * them in the same run: (1) a gateway call to an in-process provider with the ledger stage, without
 * and with the audit observer writing through its own thread to SQLite; (2) {@code POST
 * /api/collections/{c}/ask} against two servers in this process over one SciFact collection, one
 * without audit and one with audit, provenance signing and drift sampling at rate 1 (the worst
 * case: every answer sampled). One client, requests alternated between the two in interleaved
 * rounds, so load drift hits both alike. Usage: {@code bench/run audit [corpus.jsonl queries.jsonl
 * [docs [rounds]]]}.
 */
public final class AuditBench {
  static final String TENANT = "bench";
  static final String COLLECTION = "scifact";

  private AuditBench() {}

  public static void main(String[] args) throws Exception {
    Logs.quiet();
    Path corpus = Path.of(args.length > 0 ? args[0] : "../shared/data/scifact/corpus.jsonl");
    Path queriesFile = Path.of(args.length > 1 ? args[1] : "../shared/data/scifact/queries.jsonl");
    int limit = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    Path data = Files.createTempDirectory("grounded-bench-audit");
    PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
    gateway(data, 20_000);
    servedGateway(data, 20);
    List<BeirDocument> docs = BeirReader.readCorpus(corpus).stream().limit(limit).toList();
    List<String> queries = new ArrayList<>(BeirReader.readQueries(queriesFile).values());
    WordPieceTokenizer tokenizer = WordPieceTokenizer.bgeSmallEnV15();
    int threads = Runtime.getRuntime().availableProcessors();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        ExecutorService inference =
            Executors.newFixedThreadPool(8, Thread.ofPlatform().daemon().factory());
        OnnxEmbedder model = OnnxEmbedder.bgeSmallEnV15Q(tokenizer, threads);
        ApiKeys keys = ApiKeys.open(data.resolve("grounded.db"));
        Audit audit =
            Audit.open(data, data.resolve("grounded.db"), AuditOptions.DEFAULTS, System.err);
        DriftStore driftStore = DriftStore.open(data.resolve("grounded.db"))) {
      CachingEmbedder passages = new CachingEmbedder(model, ServedPipeline.SCIFACT_VECTORS);
      String bearer = "Bearer " + keys.create(TENANT, "audit-bench").secret();
      Embedder offloaded = new OffloadingEmbedder(model, inference);
      BiFunction<Retriever, TermStatistics, Asker> askers =
          ServedPipeline.extractiveAskers(offloaded);
      try (KnowledgeBase kb = ServedPipeline.knowledgeBase(data, tokenizer, passages, executor)) {
        String key = new CollectionId(TENANT, COLLECTION).key();
        kb.createCollection(key);
        kb.ingest(
            key,
            docs.stream().map(d -> new BeirSource(d, "bench-audit")).toList(),
            false,
            IngestListener.NONE);
        DriftMonitor drift =
            new DriftMonitor(
                driftStore,
                new DriftSettings(1.0, 7, 20, DriftSettings.DEFAULT_BANDS, Optional.empty()),
                Clock.systemUTC(),
                nowhere,
                null);
        GroundedServer off =
            server(kb, offloaded, tokenizer, askers, keys, executor, null, null, nowhere);
        GroundedServer on =
            server(kb, offloaded, tokenizer, askers, keys, executor, audit, drift, nowhere);
        try (HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
          List<HttpRequest> offRequests = requests(off.port(), bearer, queries);
          List<HttpRequest> onRequests = requests(on.port(), bearer, queries);
          // warm-up (JIT, ONNX, caches) on both
          for (int i = 0; i < 300; i++) {
            send(http, offRequests.get(i % offRequests.size()));
            send(http, onRequests.get(i % onRequests.size()));
          }
          int perRound = Math.min(100, queries.size());
          List<Long> offTimes = new ArrayList<>(), onTimes = new ArrayList<>();
          for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < perRound; i++) {
              int q = (r * perRound + i) % queries.size();
              // the order within a pair alternates, so neither side always runs second
              if ((r + i) % 2 == 0) {
                offTimes.add(send(http, offRequests.get(q)));
                onTimes.add(send(http, onRequests.get(q)));
              } else {
                onTimes.add(send(http, onRequests.get(q)));
                offTimes.add(send(http, offRequests.get(q)));
              }
            }
          }
          audit.flush();
          System.out.printf(
              Locale.ROOT,
              "%n/api/collections/{c}/ask over %d SciFact documents, 1 client, %d rounds x %d"
                  + " requests per side, alternated%n",
              docs.size(),
              rounds,
              perRound);
          print("ask, audit off (baseline)", offTimes);
          print("ask, audit + provenance + drift at rate 1", onTimes);
          System.out.printf(
              Locale.ROOT,
              "added: p50 %+.2f%%, mean %+.2f%% (target <= 5%%); audit records written: %d%n",
              100 * (pct(onTimes, 50) / pct(offTimes, 50) - 1),
              100 * (mean(onTimes) / mean(offTimes) - 1),
              audit.log().verify().records());
        } finally {
          off.stop();
          on.stop();
        }
      }
    }
  }

  private static GroundedServer server(
      KnowledgeBase kb,
      Embedder embedder,
      WordPieceTokenizer tokenizer,
      BiFunction<Retriever, TermStatistics, Asker> askers,
      ApiKeys keys,
      ExecutorService executor,
      Audit audit,
      DriftMonitor drift,
      PrintStream log) {
    Services s =
        Services.builder(
                kb,
                embedder,
                "bge-small-en-v1.5",
                tokenizer::count,
                new TikaParser(),
                askers,
                keys,
                executor)
            .audit(audit)
            .drift(drift)
            .build();
    return new GroundedServer(ServerConfig.loopback().withLogs(log, System.err), s).start();
  }

  private static List<HttpRequest> requests(int port, String bearer, List<String> queries) {
    List<HttpRequest> out = new ArrayList<>();
    for (String q : queries)
      out.add(
          HttpRequest.newBuilder(
                  URI.create(
                      "http://127.0.0.1:" + port + "/api/collections/" + COLLECTION + "/ask"))
              .header("Authorization", bearer)
              .header("Content-Type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      "{\"question\":" + ServiceBench.json(q) + ",\"k\":5}"))
              .build());
    return out;
  }

  private static long send(HttpClient http, HttpRequest r) throws Exception {
    long t0 = System.nanoTime();
    HttpResponse<String> res = http.send(r, HttpResponse.BodyHandlers.ofString());
    long t = System.nanoTime() - t0;
    if (res.statusCode() != 200)
      throw new IllegalStateException("HTTP " + res.statusCode() + ": " + res.body());
    return t;
  }

  /** Part 1: the gateway's ledger stage without and with the audit observer. */
  private static void gateway(Path data, int n) throws Exception {
    Path db = data.resolve("gateway.db");
    try (Ledger ledger = Ledger.open(db);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        Audit audit =
            Audit.open(
                data, db, new AuditOptions(Set.of(), 1000, Duration.ofMinutes(5)), System.err)) {
      CallPricing pricing = new CallPricing(PriceCatalogue.defaults(), Map.of(), 256);
      LedgerWriter writer =
          new LedgerWriter(ledger, executor, Duration.ZERO, Clock.systemUTC(), System.err);
      Gateway plain =
          Gateway.builder()
              .provider(new Instant())
              .ledger(new LedgerInterceptor(writer, pricing, Clock.systemUTC()))
              .build();
      Gateway audited =
          Gateway.builder()
              .provider(new Instant())
              .ledger(
                  new LedgerInterceptor(writer, pricing, Clock.systemUTC())
                      .withObserver(audit.gateway()))
              .build();
      List<Long> a = new ArrayList<>(), b = new ArrayList<>();
      time(plain, 2000, null);
      time(audited, 2000, null);
      for (int round = 0; round < 10; round++) {
        time(plain, n / 10, a);
        time(audited, n / 10, b);
      }
      audit.flush();
      writer.close();
      System.out.printf(
          Locale.ROOT,
          "gateway call to an in-process provider, %d calls per side in 10 rounds%n",
          n);
      print("ledger stage (baseline)", a);
      print("ledger + audit", b);
      System.out.printf(
          Locale.ROOT,
          "added by the audit: p50 %+.4f ms, mean %+.4f ms per call; records written: %d%n",
          (pct(b, 50) - pct(a, 50)) / 1e6,
          (mean(b) - mean(a)) / 1e6,
          audit.log().verify().records());
    }
  }

  /**
   * Part 2: {@code POST /v1/chat/completions} through two servers in this process to the bench's
   * fake OpenAI upstream (a socket server answering at once), ledger stage on both, the audit
   * observer on one; one client alternating between them.
   */
  private static void servedGateway(Path data, int rounds) throws Exception {
    int upstreamPort;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      upstreamPort = probe.getLocalPort();
    }
    Thread upstream =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  try {
                    FakeUpstream.main(new String[] {Integer.toString(upstreamPort)});
                  } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                });
    PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
    Path db = data.resolve("served.db");
    WordPieceTokenizer tokenizer = WordPieceTokenizer.bgeSmallEnV15();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        HttpClient upstreamHttp =
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(executor)
                .build();
        Ledger ledger = Ledger.open(db);
        ApiKeys keys = ApiKeys.open(db);
        Audit audit = Audit.open(data, db, AuditOptions.DEFAULTS, System.err);
        KnowledgeBase kb =
            new KnowledgeBase(
                data.resolve("served"),
                new TikaParser(),
                new StructureChunker(tokenizer, 256, 32),
                new NoEmbedder(),
                executor,
                "none")) {
      LedgerWriter writer =
          new LedgerWriter(ledger, executor, Duration.ZERO, Clock.systemUTC(), System.err);
      CallPricing pricing = new CallPricing(PriceCatalogue.defaults(), Map.of(), 256);
      String bearer = "Bearer " + keys.create(TENANT, "audit-bench").secret();
      GroundedServer[] servers = new GroundedServer[2];
      for (int i = 0; i < 2; i++) {
        LedgerInterceptor ledgerStage = new LedgerInterceptor(writer, pricing, Clock.systemUTC());
        Gateway g =
            Gateway.builder()
                .router(
                    new dev.grounded.gateway.routing.AliasRouter(
                        List.of(
                            new dev.grounded.gateway.routing.Alias(
                                "fast",
                                List.of(
                                    new dev.grounded.gateway.routing.WeightedTarget(
                                        new dev.grounded.gateway.chain.Target(
                                            "fake", "gpt-4o-mini"),
                                        1)),
                                List.of())),
                        List.of(),
                        new java.util.Random(1)))
                .providers(
                    List.of(
                        new dev.grounded.gateway.provider.OpenAiCompatibleProvider(
                            new dev.grounded.gateway.provider.ProviderConfig(
                                "fake",
                                URI.create("http://127.0.0.1:" + upstreamPort + "/v1"),
                                "",
                                Duration.ofSeconds(10)),
                            upstreamHttp,
                            Map.of())))
                .ledger(i == 0 ? ledgerStage : ledgerStage.withObserver(audit.gateway()))
                .build();
        Services services =
            Services.builder(
                    kb,
                    new NoEmbedder(),
                    "none",
                    tokenizer::count,
                    new TikaParser(),
                    (r, st) -> {
                      throw new IllegalStateException("no asks here");
                    },
                    keys,
                    executor)
                .upstream(
                    new dev.grounded.server.UpstreamModels(
                        g, List.of("fast"), Duration.ofSeconds(30)))
                .ledger(ledger)
                .audit(i == 0 ? null : audit)
                .build();
        servers[i] =
            new GroundedServer(ServerConfig.loopback().withLogs(nowhere, System.err), services)
                .start();
      }
      try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
        String body =
            "{\"model\":\"fast\",\"user\":\"ann\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello, how are you today?\"}]}";
        HttpRequest[] req = new HttpRequest[2];
        for (int i = 0; i < 2; i++)
          req[i] =
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + servers[i].port() + "/v1/chat/completions"))
                  .header("Authorization", bearer)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build();
        for (int i = 0; i < 3000; i++) {
          send(http, req[0]);
          send(http, req[1]);
        }
        List<Long> off = new ArrayList<>(), on = new ArrayList<>();
        for (int r = 0; r < rounds; r++)
          for (int i = 0; i < 500; i++) {
            if ((r + i) % 2 == 0) {
              off.add(send(http, req[0]));
              on.add(send(http, req[1]));
            } else {
              on.add(send(http, req[1]));
              off.add(send(http, req[0]));
            }
          }
        audit.flush();
        writer.close();
        System.out.printf(
            Locale.ROOT,
            "%nPOST /v1/chat/completions through the served gateway to a local fake upstream, 1"
                + " client, %d rounds x 500 requests per side, alternated%n",
            rounds);
        print("gateway call, ledger (baseline)", off);
        print("gateway call, ledger + audit", on);
        System.out.printf(
            Locale.ROOT,
            "added: p50 %+.2f%%, mean %+.2f%% (target <= 5%%)%n",
            100 * (pct(on, 50) / pct(off, 50) - 1),
            100 * (mean(on) / mean(off) - 1));
      } finally {
        servers[0].stop();
        servers[1].stop();
        upstream.interrupt();
      }
    }
  }

  /** The served gateway bench embeds nothing. */
  private static final class NoEmbedder implements Embedder {
    @Override
    public int dimensions() {
      return 384;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
      List<float[]> out = new ArrayList<>();
      for (int i = 0; i < texts.size(); i++) out.add(new float[384]);
      return out;
    }

    @Override
    public float[] embedQuery(String query) {
      return new float[384];
    }
  }

  private static void time(Gateway gateway, int n, List<Long> out) {
    ObjectMapper json = new ObjectMapper();
    ObjectNode body = json.createObjectNode().put("model", "gpt-4o-mini").put("max_tokens", 100);
    body.putArray("messages").addObject().put("role", "user").put("content", "Hello there?");
    for (int i = 0; i < n; i++) {
      ChatRequest r =
          new ChatRequest(
              body,
              new RequestMetadata("r" + i, "acme", "k1", "bob"),
              Deadline.after(Duration.ofSeconds(30)));
      long t0 = System.nanoTime();
      gateway.chat(r);
      if (out != null) out.add(System.nanoTime() - t0);
    }
  }

  /** Answers at once, as an upstream with zero latency would. */
  private static final class Instant implements Provider {
    private final ObjectNode completion;

    Instant() {
      completion = new ObjectMapper().createObjectNode().put("object", "chat.completion");
      completion
          .putArray("choices")
          .addObject()
          .put("index", 0)
          .putObject("message")
          .put("content", "Hi!");
    }

    @Override
    public String name() {
      return "instant";
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
      return new ChatResponse.Completion(completion, new Usage(12, 20));
    }
  }

  private static double pct(List<Long> ns, int p) {
    long[] s = ns.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(s);
    return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)];
  }

  private static double mean(List<Long> ns) {
    return ns.stream().mapToLong(Long::longValue).average().orElse(0);
  }

  private static void print(String what, List<Long> ns) {
    System.out.printf(
        Locale.ROOT,
        "%-44s p50 %.3f ms  p90 %.3f ms  p99 %.3f ms  mean %.3f ms  (n=%d)%n",
        what,
        pct(ns, 50) / 1e6,
        pct(ns, 90) / 1e6,
        pct(ns, 99) / 1e6,
        mean(ns) / 1e6,
        ns.size());
  }
}
