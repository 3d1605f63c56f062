package dev.grounded.bench;

import com.sun.net.httpserver.HttpServer;
import dev.grounded.answer.Asker;
import dev.grounded.audit.Audit;
import dev.grounded.audit.drift.DriftMonitor;
import dev.grounded.audit.drift.DriftSettings;
import dev.grounded.audit.drift.DriftStore;
import dev.grounded.audit.log.AuditOptions;
import dev.grounded.audit.metrics.Metrics;
import dev.grounded.audit.trace.Tracing;
import dev.grounded.embed.Embedder;
import dev.grounded.embed.OffloadingEmbedder;
import dev.grounded.embed.OnnxEmbedder;
import dev.grounded.embed.WordPieceTokenizer;
import dev.grounded.eval.BeirDocument;
import dev.grounded.eval.BeirReader;
import dev.grounded.eval.BeirSource;
import dev.grounded.gateway.Gateway;
import dev.grounded.gateway.auth.ApiKeys;
import dev.grounded.gateway.chain.Target;
import dev.grounded.gateway.ledger.LedgerInterceptor;
import dev.grounded.gateway.ledger.LedgerSink;
import dev.grounded.gateway.price.CallPricing;
import dev.grounded.gateway.price.PriceCatalogue;
import dev.grounded.gateway.provider.OpenAiCompatibleProvider;
import dev.grounded.gateway.provider.Provider;
import dev.grounded.gateway.provider.ProviderConfig;
import dev.grounded.gateway.reliability.BreakerPolicy;
import dev.grounded.gateway.reliability.CircuitBreakers;
import dev.grounded.gateway.routing.Alias;
import dev.grounded.gateway.routing.AliasRouter;
import dev.grounded.gateway.routing.WeightedTarget;
import dev.grounded.index.Retriever;
import dev.grounded.index.TermStatistics;
import dev.grounded.ingest.CollectionId;
import dev.grounded.ingest.IngestListener;
import dev.grounded.ingest.IngestSummary;
import dev.grounded.ingest.KnowledgeBase;
import dev.grounded.ingest.parse.TikaParser;
import dev.grounded.server.GroundedServer;
import dev.grounded.server.ServerConfig;
import dev.grounded.server.Services;
import dev.grounded.server.UpstreamModels;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
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
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * What metrics and tracing add to {@code POST /api/collections/{c}/ask} and to a gateway call
 * ({@code POST /v1/chat/completions}, alias → the bench's fake upstream over loopback HTTP),
 * measured on three servers of the same JVM over the same collection, same run, in interleaved
 * rounds (order shuffled each round): {@code off} (no metrics, tracing off: trace ids only, the
 * product's off state), {@code metrics} (Prometheus registry, every observer wired as serve wires
 * it), {@code metrics+traces} (also every span recorded and exported over OTLP/HTTP to a local
 * receiver). One client, sequential, so latency differences are the per-request cost. Usage: {@code
 * ObservabilityBench [corpus.jsonl queries.jsonl docs rounds asksPerRound chatsPerRound]}.
 */
public final class ObservabilityBench {
  static final String TENANT = "bench";
  static final String COLLECTION = "scifact";
  static final String[] VARIANTS = {"off", "metrics", "metrics+traces", "all+audit"};

  private ObservabilityBench() {}

  public static void main(String[] args) throws Exception {
    Logs.quiet();
    Path corpus = Path.of(args.length > 0 ? args[0] : "../shared/data/scifact/corpus.jsonl");
    Path queriesFile = Path.of(args.length > 1 ? args[1] : "../shared/data/scifact/queries.jsonl");
    int limit = args.length > 2 ? Integer.parseInt(args[2]) : 300;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    int asks = args.length > 4 ? Integer.parseInt(args[4]) : 60;
    int chats = args.length > 5 ? Integer.parseInt(args[5]) : 400;
    List<BeirDocument> docs = BeirReader.readCorpus(corpus).stream().limit(limit).toList();
    List<String> queries = new ArrayList<>(BeirReader.readQueries(queriesFile).values());
    int upstreamPort = freePort();
    Thread.ofVirtual().start(() -> runUpstream(upstreamPort));
    AtomicLong exported = new AtomicLong();
    HttpServer collector = collector(exported);
    WordPieceTokenizer tokenizer = WordPieceTokenizer.bgeSmallEnV15();
    Path data = Files.createTempDirectory("grounded-bench-observability");
    PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
    int threads = Runtime.getRuntime().availableProcessors();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        ExecutorService inference =
            Executors.newFixedThreadPool(8, Thread.ofPlatform().daemon().factory());
        OnnxEmbedder model = OnnxEmbedder.bgeSmallEnV15Q(tokenizer, threads);
        ApiKeys keys = ApiKeys.open(data.resolve("grounded.db"));
        HttpClient upstreamHttp =
            HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .executor(executor)
                .build()) {
      CachingEmbedder passages = new CachingEmbedder(model, ServedPipeline.SCIFACT_VECTORS);
      String bearer = "Bearer " + keys.create(TENANT, "observability-bench").secret();
      Embedder offloaded = new OffloadingEmbedder(model, inference);
      BiFunction<Retriever, TermStatistics, Asker> askers =
          ServedPipeline.extractiveAskers(offloaded);
      try (KnowledgeBase kb = ServedPipeline.knowledgeBase(data, tokenizer, passages, executor)) {
        kb.createCollection(new CollectionId(TENANT, COLLECTION).key());
        IngestSummary s =
            kb.ingest(
                new CollectionId(TENANT, COLLECTION).key(),
                docs.stream().map(d -> new BeirSource(d, "bench-observability")).toList(),
                false,
                IngestListener.NONE);
        List<Server> servers = new ArrayList<>();
        // everything on: metrics, traces, the audit log (records, provenance signing) and drift
        // sampling at its default rate, as serve runs with the defaults
        Audit audit =
            Audit.open(data, data.resolve("grounded.db"), AuditOptions.DEFAULTS, System.err);
        DriftMonitor drift =
            new DriftMonitor(
                DriftStore.open(data.resolve("grounded.db")),
                DriftSettings.DEFAULTS,
                Clock.systemUTC(),
                nowhere,
                null);
        for (String variant : VARIANTS) {
          boolean all = variant.equals("all+audit");
          Metrics metrics = variant.equals("off") ? Metrics.none() : Metrics.prometheus();
          Tracing tracing =
              variant.equals("metrics+traces") || all
                  ? Tracing.otlp(
                      URI.create("http://127.0.0.1:" + collector.getAddress().getPort()), 1.0)
                  : Tracing.off();
          Gateway gateway =
              gateway(
                  upstreamPort,
                  upstreamHttp,
                  metrics,
                  tracing,
                  all ? audit.gateway() : dev.grounded.gateway.ledger.CallObserver.NONE);
          Services services =
              Services.builder(
                      kb,
                      offloaded,
                      "bge-small-en-v1.5",
                      tokenizer::count,
                      new TikaParser(),
                      askers,
                      keys,
                      executor)
                  .upstream(new UpstreamModels(gateway, List.of("fast"), Duration.ofSeconds(30)))
                  .guardEvents(metrics.gatewayEvents())
                  .metrics(metrics, false)
                  .tracing(tracing)
                  .audit(all ? audit : null)
                  .drift(all ? drift : null)
                  .build();
          GroundedServer server =
              new GroundedServer(ServerConfig.loopback().withLogs(nowhere, System.err), services)
                  .start();
          servers.add(new Server(variant, server, metrics, tracing));
        }
        System.out.printf(
            Locale.ROOT,
            "%d cores; JDK %s; collection '%s': %d SciFact documents, %d chunks; one client,"
                + " sequential; %d rounds of %d asks and %d chat calls per variant, order shuffled"
                + " each round%n",
            threads,
            Runtime.version(),
            COLLECTION,
            s.documents(),
            s.chunks(),
            rounds,
            asks,
            chats);
        HttpClient client = HttpClient.newHttpClient();
        Random random = new Random(16);
        long[][] askTimes = new long[VARIANTS.length][];
        long[][] chatTimes = new long[VARIANTS.length][];
        for (int v = 0; v < VARIANTS.length; v++) {
          askTimes[v] = new long[0];
          chatTimes[v] = new long[0];
        }
        // warm-up: JIT and caches on every variant, not measured
        for (Server server : servers) {
          run(client, server, bearer, queries, random, 100, true);
          run(client, server, bearer, queries, random, 2000, false);
        }
        for (int round = 0; round < rounds; round++) {
          List<Integer> order = new ArrayList<>();
          for (int v = 0; v < VARIANTS.length; v++) order.add(v);
          java.util.Collections.shuffle(order, random);
          for (int v : order) {
            askTimes[v] =
                concat(
                    askTimes[v], run(client, servers.get(v), bearer, queries, random, asks, true));
            chatTimes[v] =
                concat(
                    chatTimes[v],
                    run(client, servers.get(v), bearer, queries, random, chats, false));
          }
        }
        report("POST /api/collections/{c}/ask (k=5, hybrid, extractive)", askTimes, rounds);
        report(
            "POST /v1/chat/completions (gateway -> fake upstream, loopback HTTP)",
            chatTimes,
            rounds);
        for (Server server : servers) server.tracing().flush();
        System.out.printf(
            "OTLP export requests received by the local collector: %d, %d spans%n",
            exported.get(), SPANS.get());
        for (Server server : servers) {
          server.server().stop();
          server.tracing().close();
          server.metrics().close();
        }
        audit.close();
        drift.store().close();
      }
    } finally {
      collector.stop(0);
    }
  }

  record Server(String variant, GroundedServer server, Metrics metrics, Tracing tracing) {}

  /** A routed gateway to the fake upstream, observed as {@code serve} observes it. */
  static Gateway gateway(
      int port,
      HttpClient http,
      Metrics metrics,
      Tracing tracing,
      dev.grounded.gateway.ledger.CallObserver audit) {
    Provider provider =
        new OpenAiCompatibleProvider(
            new ProviderConfig(
                "fake", URI.create("http://127.0.0.1:" + port + "/v1"), "", Duration.ofSeconds(10)),
            http,
            Map.of());
    CallPricing pricing = new CallPricing(PriceCatalogue.defaults(), Map.of(), 256);
    LedgerSink discard = entry -> {};
    Gateway.Builder b =
        Gateway.builder()
            .router(
                new AliasRouter(
                    List.of(
                        new Alias(
                            "fast",
                            List.of(new WeightedTarget(new Target("fake", "upstream-m"), 1)),
                            List.of())),
                    List.of(),
                    new Random(1)))
            .breakers(new CircuitBreakers(BreakerPolicy.DEFAULT, Clock.systemUTC()))
            .listener(
                metrics.enabled()
                    ? metrics.gatewayEvents()
                    : dev.grounded.gateway.chain.GatewayListener.NONE)
            .providers(List.of(tracing.exporting() ? tracing.upstream(provider) : provider));
    if (tracing.exporting()) b.ledger(tracing.gatewayCalls());
    b.ledger(
        new LedgerInterceptor(
                metrics.enabled() ? metrics.ledger(discard) : discard, pricing, Clock.systemUTC())
            .withObserver(audit));
    return b.build();
  }

  static long[] run(
      HttpClient client,
      Server server,
      String bearer,
      List<String> queries,
      Random random,
      int n,
      boolean ask)
      throws Exception {
    String base = "http://127.0.0.1:" + server.server().port();
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      String q = queries.get(random.nextInt(queries.size())).replace("\\", "").replace("\"", "");
      HttpRequest request =
          HttpRequest.newBuilder(
                  URI.create(
                      base
                          + (ask
                              ? "/api/collections/" + COLLECTION + "/ask"
                              : "/v1/chat/completions")))
              .header("Authorization", bearer)
              .header("Content-Type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      ask
                          ? "{\"question\":\"" + q + "\",\"k\":5}"
                          : "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\""
                              + q
                              + "\"}]}"))
              .build();
      long t0 = System.nanoTime();
      HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
      out[i] = System.nanoTime() - t0;
      if (r.statusCode() != 200)
        throw new IllegalStateException(server.variant() + ": " + r.statusCode() + " " + r.body());
    }
    return out;
  }

  /**
   * Pooled figures per variant beside off's, then the same ratios per round (each variant's calls
   * of one round against off's of that round) as median [min..max] over the rounds.
   */
  static void report(String what, long[][] times, int rounds) {
    System.out.println(what);
    double base50 = pct(times[0], 50), baseMean = mean(times[0]);
    int per = times[0].length / rounds;
    for (int v = 0; v < VARIANTS.length; v++) {
      double[] p50 = new double[rounds], means = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        long[] mine = Arrays.copyOfRange(times[v], r * per, (r + 1) * per);
        long[] off = Arrays.copyOfRange(times[0], r * per, (r + 1) * per);
        p50[r] = (pct(mine, 50) / pct(off, 50) - 1) * 100;
        means[r] = (mean(mine) / mean(off) - 1) * 100;
      }
      System.out.printf(
          Locale.ROOT,
          "  %-16s p50 %7.3f ms  p90 %7.3f ms  mean %7.3f ms  (n=%d)  vs off: p50 %+.1f%%, mean"
              + " %+.1f%%; per round p50 %+.1f%% [%+.1f..%+.1f], mean %+.1f%% [%+.1f..%+.1f]%n",
          VARIANTS[v],
          pct(times[v], 50) / 1e6,
          pct(times[v], 90) / 1e6,
          mean(times[v]) / 1e6,
          times[v].length,
          (pct(times[v], 50) / base50 - 1) * 100,
          (mean(times[v]) / baseMean - 1) * 100,
          ObservabilityGatewayBench.median(p50),
          ObservabilityGatewayBench.min(p50),
          ObservabilityGatewayBench.max(p50),
          ObservabilityGatewayBench.median(means),
          ObservabilityGatewayBench.min(means),
          ObservabilityGatewayBench.max(means));
    }
  }

  /** Spans the local receivers of this JVM were sent (read from the OTLP protobuf requests). */
  static final AtomicLong SPANS = new AtomicLong();

  static HttpServer collector(AtomicLong exported) throws Exception {
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext(
        "/v1/traces",
        exchange -> {
          try (var in = exchange.getRequestBody()) {
            SPANS.addAndGet(spans(java.nio.ByteBuffer.wrap(in.readAllBytes()), 0));
            exported.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
          } finally {
            exchange.close();
          }
        });
    http.start();
    return http;
  }

  /**
   * The spans in an OTLP ExportTraceServiceRequest ({@code resource_spans = 1 → scope_spans = 2 →
   * spans = 2}, all length-delimited), read from the protobuf wire format without its classes.
   */
  static long spans(java.nio.ByteBuffer b, int depth) {
    long n = 0;
    while (b.hasRemaining()) {
      long key = varint(b);
      int field = (int) (key >>> 3), type = (int) (key & 7);
      switch (type) {
        case 0 -> varint(b);
        case 1 -> b.position(b.position() + 8);
        case 5 -> b.position(b.position() + 4);
        case 2 -> {
          int len = (int) varint(b);
          java.nio.ByteBuffer inner = b.slice(b.position(), len);
          b.position(b.position() + len);
          boolean path = depth == 0 ? field == 1 : field == 2;
          if (path && depth == 2) n++;
          else if (path) n += spans(inner, depth + 1);
        }
        default -> throw new IllegalStateException("not OTLP protobuf: wire type " + type);
      }
    }
    return n;
  }

  private static long varint(java.nio.ByteBuffer b) {
    long v = 0;
    for (int shift = 0; ; shift += 7) {
      byte x = b.get();
      v |= (long) (x & 0x7f) << shift;
      if (x >= 0) return v;
    }
  }

  static void runUpstream(int port) {
    try {
      FakeUpstream.main(new String[] {Integer.toString(port)});
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static long[] concat(long[] a, long[] b) {
    long[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static double mean(long[] ns) {
    return Arrays.stream(ns).average().orElse(0);
  }

  static double pct(long[] ns, int p) {
    long[] s = ns.clone();
    Arrays.sort(s);
    return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)];
  }
}
