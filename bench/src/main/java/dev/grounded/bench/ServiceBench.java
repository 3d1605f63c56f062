package dev.grounded.bench;

import dev.grounded.answer.Asker;
import dev.grounded.embed.Embedder;
import dev.grounded.embed.OffloadingEmbedder;
import dev.grounded.embed.OnnxEmbedder;
import dev.grounded.embed.WordPieceTokenizer;
import dev.grounded.eval.BeirDocument;
import dev.grounded.eval.BeirReader;
import dev.grounded.eval.BeirSource;
import dev.grounded.gateway.auth.ApiKeys;
import dev.grounded.index.LuceneSearcher;
import dev.grounded.index.RetrievalSettings;
import dev.grounded.index.Retriever;
import dev.grounded.index.SearchMode;
import dev.grounded.index.TermStatistics;
import dev.grounded.ingest.CollectionId;
import dev.grounded.ingest.IngestListener;
import dev.grounded.ingest.IngestSummary;
import dev.grounded.ingest.KnowledgeBase;
import dev.grounded.ingest.parse.TikaParser;
import dev.grounded.server.GroundedServer;
import dev.grounded.server.ServerConfig;
import dev.grounded.server.Services;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * The HTTP service under closed-loop load. The real server (Javalin/Jetty, handlers on virtual
 * threads, API-key auth, access log to a null stream) runs in-process on loopback; a JDK {@link
 * HttpClient} (HTTP/1.1 keep-alive) drives it with one virtual thread per client, each sending its
 * next request as soon as the last is answered, at 1, 16 and 64 clients.
 *
 * <p>{@code POST /v1/embeddings} (one SciFact query per request) is measured beside its baseline:
 * the same model object's {@code embed} called directly on the same texts by as many platform
 * threads (not virtual ones: a virtual thread inside ONNX Runtime holds its carrier, so all but two
 * of 16 would starve on 2 cores). Baseline and server alternate in short slices (A B, B A, A B,
 * ...) so that drift in the machine's speed falls on both alike; if {@code wrk} is on the PATH it
 * takes a slice of its own in each round, as a cross-check of the Java client. The server overhead
 * is baseline req/s / server req/s - 1. {@code POST /api/collections/{c}/ask} (SciFact queries over
 * the first documents of the corpus) is measured beside the same ask pipeline called in-process on
 * the same searcher.
 *
 * <p>req/s is the closed loop's throughput by the response-time law, clients / mean latency, over
 * the requests that completed in the measured window: a plain count is thrown off when long
 * requests finish in bursts (64 concurrent asks on 2 cores finish together, seconds apart). Before
 * anything is measured, both embedding paths run {@value #JIT_WARM_UP_CALLS} calls on short texts,
 * so that the request path is measured JIT-compiled, as a long-running server runs it (at ~300
 * req/s a few seconds of warm-up leave it interpreted). Each slice's warm-up then lasts until every
 * client has had a reply; an ask window, until as many requests completed in it as there are
 * clients. The round trip of {@code GET /healthz} from one client is printed as the floor that any
 * HTTP call on this machine pays. Load generator and server share the machine's cores, so every
 * HTTP figure pays for the client's CPU too; the cores column shows what this JVM and the whole
 * machine used.
 *
 * <p>Usage: {@code ServiceBench [corpus.jsonl] [queries.jsonl] [documents] [seconds]} (defaults:
 * SciFact from ../shared/data, 1000 documents, 6 measured seconds per kind and level for
 * embeddings, 9 for ask). Passage vectors are cached under bench/.cache, so only the first run
 * embeds the corpus.
 */
public final class ServiceBench {
  static final String MODEL = "bge-small-en-v1.5";
  static final String TENANT = "bench";
  static final String COLLECTION = "scifact";
  static final int K = 5;
  static final int[] LEVELS = {1, 16, 64};
  static final int ROUNDS = 3;
  static final Duration WARM_UP = Duration.ofSeconds(2);

  /** Calls of each embeddings path before anything is measured: enough for C2 to compile it. */
  static final int JIT_WARM_UP_CALLS = 10_000;

  static final Duration SLICE_WARM_UP = Duration.ofMillis(500);
  static final Duration MAX_WARM_UP = Duration.ofSeconds(60);
  static final Duration MAX_WINDOW = Duration.ofSeconds(60);

  private ServiceBench() {}

  public static void main(String[] args) throws Exception {
    Logs.quiet();
    Path corpus = Path.of(args.length > 0 ? args[0] : "../shared/data/scifact/corpus.jsonl");
    Path queriesFile = Path.of(args.length > 1 ? args[1] : "../shared/data/scifact/queries.jsonl");
    int limit = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 6;
    Duration slice = Duration.ofSeconds(Math.max(1, seconds / ROUNDS));
    Duration measureAsk = Duration.ofMillis(seconds * 1500L);
    int threads = Runtime.getRuntime().availableProcessors();
    String loadBefore = loadAverage();
    List<BeirDocument> docs = BeirReader.readCorpus(corpus).stream().limit(limit).toList();
    List<String> queries = new ArrayList<>(BeirReader.readQueries(queriesFile).values());
    WordPieceTokenizer tokenizer = WordPieceTokenizer.bgeSmallEnV15();
    Path data = Files.createTempDirectory("grounded-bench-service");
    PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        ExecutorService inference =
            Executors.newFixedThreadPool(64, Thread.ofPlatform().daemon().factory());
        OnnxEmbedder model = OnnxEmbedder.bgeSmallEnV15Q(tokenizer, threads);
        ApiKeys keys = ApiKeys.open(data.resolve("grounded.db"))) {
      // Passages come from the vector cache after the first run; queries always hit the model.
      CachingEmbedder passages = new CachingEmbedder(model, ServedPipeline.SCIFACT_VECTORS);
      String bearer = "Bearer " + keys.create(TENANT, "service-bench").secret();
      // wired as 'grounded serve' wires it: inferences of requests on virtual threads run on
      // platform threads (App.concurrentEmbedder)
      Embedder offloaded = new OffloadingEmbedder(model, inference);
      BiFunction<Retriever, TermStatistics, Asker> askers =
          ServedPipeline.extractiveAskers(offloaded);
      try (KnowledgeBase kb = ServedPipeline.knowledgeBase(data, tokenizer, passages, executor)) {
        Services services =
            Services.builder(
                    kb,
                    offloaded,
                    MODEL,
                    tokenizer::count,
                    new TikaParser(),
                    askers,
                    keys,
                    executor)
                .build();
        GroundedServer server =
            new GroundedServer(ServerConfig.loopback().withLogs(nowhere, System.err), services)
                .start();
        try (Http http = new Http("http://127.0.0.1:" + server.port(), bearer)) {
          http.expect(
              "/api/collections", "{\"name\":\"" + COLLECTION + "\"}", 201, "\"collection\"");
          String key = new CollectionId(TENANT, COLLECTION).key();
          IngestSummary s =
              kb.ingest(
                  key,
                  docs.stream().map(d -> new BeirSource(d, "bench-service")).toList(),
                  false,
                  IngestListener.NONE);
          Wrk wrk = Wrk.available() ? new Wrk(http, queries, data) : null;
          System.out.printf(
              Locale.ROOT,
              "%d cores, shared by load generator and server; JDK %s; heap max %d MB;"
                  + " load average before start %s%n"
                  + "collection '%s': %d SciFact documents, %d chunks (%d embedded now, rest from"
                  + " cache) in %.1f s; %d SciFact queries%n"
                  + "closed loops: HTTP/1.1 keep-alive, one virtual thread per client, API key"
                  + " auth, access log to a null stream; wrk %s%n",
              threads,
              Runtime.version(),
              Runtime.getRuntime().maxMemory() >> 20,
              loadBefore,
              COLLECTION,
              s.documents(),
              s.chunks(),
              passages.computed,
              s.seconds(),
              queries.size(),
              wrk != null ? "found: a slice of its own in each round" : "not found: skipped");

          List<HttpRequest> embedRequests = new ArrayList<>();
          for (String q : queries) embedRequests.add(http.post("/v1/embeddings", embedBody(q)));
          List<HttpRequest> askRequests = new ArrayList<>();
          for (String q : queries)
            askRequests.add(
                http.post(
                    "/api/collections/" + COLLECTION + "/ask",
                    "{\"question\":" + json(q) + ",\"k\":" + K + "}"));
          http.check(embedRequests.getFirst(), EMBEDDING);
          http.check(askRequests.getFirst(), CITATIONS);

          // Embeddings: baseline, Java client and wrk alternate in slices, each slice warmed up.
          ThreadFactory platform = Thread.ofPlatform().factory();
          Call embedDirect = i -> model.embed(List.of(queries.get(i % queries.size())));
          Load direct = (n, w) -> closedLoop(n, SLICE_WARM_UP, w, 0, embedDirect, platform);
          Load viaHttp =
              (n, w) -> http.closedLoop(n, SLICE_WARM_UP, w, 0, embedRequests, EMBEDDING);
          List<Load> kinds = new ArrayList<>(List.of(direct, viaHttp));
          if (wrk != null) kinds.add(wrk::run);
          // JIT warm-up, not measured: a server runs its request path millions of times, so it is
          // measured compiled, as the baseline's short Java path is. Short texts (a query's first
          // words) take both paths through enough calls for C2 at little inference cost.
          List<String> shortTexts = queries.stream().map(ServiceBench::firstWords).toList();
          List<HttpRequest> shortRequests = new ArrayList<>();
          for (String t : shortTexts) shortRequests.add(http.post("/v1/embeddings", embedBody(t)));
          Call shortDirect = i -> model.embed(List.of(shortTexts.get(i % shortTexts.size())));
          long warmStart = System.nanoTime();
          closedLoop(16, Duration.ZERO, Duration.ZERO, JIT_WARM_UP_CALLS, shortDirect, platform);
          http.closedLoop(
              16, Duration.ZERO, Duration.ZERO, JIT_WARM_UP_CALLS, shortRequests, EMBEDDING);
          closedLoop(16, WARM_UP, WARM_UP, 0, embedDirect, platform); // ONNX warm-up on full texts
          http.closedLoop(16, WARM_UP, WARM_UP, 0, embedRequests, EMBEDDING);
          HttpRequest healthz =
              HttpRequest.newBuilder(URI.create(http.base + "/healthz"))
                  .timeout(Duration.ofSeconds(30))
                  .build();
          Run floor = http.closedLoop(1, WARM_UP, WARM_UP, 0, List.of(healthz), "\"ok\"").run(1);
          System.out.printf(
              Locale.ROOT,
              "JIT warm-up: %,d short embeddings in-process and %,d over HTTP, %.0f s;"
                  + " HTTP round-trip floor, GET /healthz from 1 client: p50 %.2f ms, mean %.2f"
                  + " ms%n",
              JIT_WARM_UP_CALLS,
              JIT_WARM_UP_CALLS,
              (System.nanoTime() - warmStart) / 1e9,
              floor.p50(),
              1000 / floor.rps());
          header(
              "POST /v1/embeddings, one SciFact query per request; "
                  + ROUNDS
                  + " rounds of "
                  + slice.toSeconds()
                  + " s slices per row");
          Run[][] embed = new Run[LEVELS.length][];
          for (int l = 0; l < LEVELS.length; l++) {
            http.fresh(); // new connections per level: none idles into the server's idle timeout
            embed[l] = interleaved(LEVELS[l], slice, kinds);
            Run base = embed[l][0];
            row("in-process embed() (baseline)", base, 1.0);
            row("HTTP /v1/embeddings, JDK client", embed[l][1], ratio(embed[l][1], base));
            if (wrk != null) row("HTTP /v1/embeddings, wrk", embed[l][2], ratio(embed[l][2], base));
          }

          header(
              "POST /api/collections/{c}/ask, k="
                  + K
                  + " (hybrid retrieval, extractive answer); at least "
                  + measureAsk.toSeconds()
                  + " s per row");
          Call askDirect =
              i -> {
                // What the server's handler runs, minus HTTP: acquire the searcher, build, ask.
                try (LuceneSearcher searcher = kb.searcher(key)) {
                  Retriever r =
                      searcher.retriever(
                          SearchMode.HYBRID,
                          RetrievalSettings.DEFAULTS.fusion(),
                          RetrievalSettings.DEFAULTS.depth());
                  askers
                      .apply(r, searcher.termStatistics())
                      .ask(queries.get(i % queries.size()), K);
                }
              };
          closedLoop(2, WARM_UP, WARM_UP, 0, askDirect, platform); // JIT warm-up, not measured
          Run[][] ask = new Run[LEVELS.length][];
          for (int l = 0; l < LEVELS.length; l++) {
            int clients = LEVELS[l];
            // A window lasts until as many asks as clients completed in it: 64 asks on 2 cores can
            // all finish together, seconds apart.
            Run base =
                closedLoop(clients, WARM_UP, measureAsk, clients, askDirect, platform).run(clients);
            http.fresh();
            Run served =
                http.closedLoop(clients, WARM_UP, measureAsk, clients, askRequests, CITATIONS)
                    .run(clients);
            ask[l] = new Run[] {base, served};
            row("in-process ask (baseline)", base, 1.0);
            row("HTTP /ask, JDK client", served, ratio(served, base));
          }

          System.out.println();
          overheads("server overhead, /v1/embeddings", embed, 1, " (target <= 10%)");
          if (wrk != null) overheads("the same, wrk as the client", embed, 2, "");
          overheads("server overhead, /ask", ask, 1, "");
          System.out.printf(
              Locale.ROOT,
              "(overhead = baseline req/s / server req/s - 1; req/s = clients / mean latency;"
                  + " /ask replies not abstaining: %d of %d)%n",
              http.answered.get(),
              http.replies.get());
        } finally {
          server.stop();
        }
      }
    } finally {
      deleteTree(data);
    }
  }

  static final String EMBEDDING = "\"embedding\":[";
  static final String CITATIONS = "\"citations\"";

  /** The first three words of a text: a cheap input for warming up the request path. */
  static String firstWords(String text) {
    String[] words = text.trim().split("\\s+");
    return String.join(" ", Arrays.asList(words).subList(0, Math.min(3, words.length)));
  }

  static String embedBody(String text) {
    return "{\"model\":\"" + MODEL + "\",\"input\":" + json(text) + "}";
  }

  /** One request of a closed loop; {@code i} picks the text (the n-th request overall). */
  interface Call {
    void call(int i) throws Exception;
  }

  /** One way of driving a level: a warmed-up closed loop of {@code clients}, measured. */
  interface Load {
    Tally measure(int clients, Duration window) throws Exception;
  }

  /**
   * {@link #ROUNDS} rounds of one slice per kind, the order reversed every other round; returns one
   * run per kind, pooled over its slices, in the order of {@code kinds}. A row's ratio range is its
   * per-round ratio to the first kind.
   */
  static Run[] interleaved(int clients, Duration slice, List<Load> kinds) throws Exception {
    Tally[] pooled = new Tally[kinds.size()];
    double[][] perRound = new double[kinds.size()][ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
      Tally[] round = new Tally[kinds.size()];
      for (int j = 0; j < kinds.size(); j++) {
        int k = r % 2 == 0 ? j : kinds.size() - 1 - j;
        round[k] = kinds.get(k).measure(clients, slice);
        pooled[k] = pooled[k] == null ? round[k] : pooled[k].plus(round[k]);
      }
      for (int k = 0; k < kinds.size(); k++)
        perRound[k][r] = round[k].run(clients).rps() / round[0].run(clients).rps();
    }
    Run[] out = new Run[kinds.size()];
    for (int k = 0; k < kinds.size(); k++) {
      double[] ratios = perRound[k].clone();
      Arrays.sort(ratios);
      out[k] = pooled[k].run(clients).withRange(ratios[0], ratios[ratios.length - 1]);
    }
    return out;
  }

  /**
   * Latencies of the requests completed in a measured window (in ms, each with a weight: wrk gives
   * quantiles, not samples), failures, and the CPU used meanwhile.
   */
  record Tally(
      double[] ms,
      double[] weights,
      long failures,
      double seconds,
      double jvmCoreSeconds,
      double machineCoreSeconds) {
    Tally plus(Tally o) {
      double[] m = Arrays.copyOf(ms, ms.length + o.ms.length);
      System.arraycopy(o.ms, 0, m, ms.length, o.ms.length);
      double[] w = Arrays.copyOf(weights, weights.length + o.weights.length);
      System.arraycopy(o.weights, 0, w, weights.length, o.weights.length);
      return new Tally(
          m,
          w,
          failures + o.failures,
          seconds + o.seconds,
          jvmCoreSeconds + o.jvmCoreSeconds,
          machineCoreSeconds + o.machineCoreSeconds);
    }

    Run run(int clients) {
      Integer[] order = new Integer[ms.length];
      for (int i = 0; i < order.length; i++) order[i] = i;
      Arrays.sort(order, Comparator.comparingDouble(i -> ms[i]));
      double total = 0, weighted = 0;
      for (int i = 0; i < ms.length; i++) {
        total += weights[i];
        weighted += weights[i] * ms[i];
      }
      double mean = total == 0 ? Double.NaN : weighted / total;
      return new Run(
          clients,
          total == 0 ? 0 : clients / (mean / 1000),
          quantile(order, total, 0.50),
          quantile(order, total, 0.99),
          Math.round(total),
          failures,
          jvmCoreSeconds / seconds,
          machineCoreSeconds / seconds,
          Double.NaN,
          Double.NaN);
    }

    private double quantile(Integer[] order, double total, double q) {
      double seen = 0;
      for (Integer i : order) {
        seen += weights[i];
        if (seen >= q * total - 1e-9) return ms[i];
      }
      return Double.NaN;
    }
  }

  /**
   * A measured row: throughput (clients / mean latency), latency percentiles, latencies counted,
   * failures, the cores this JVM and the whole machine kept busy, and the range of the per-round
   * ratios to the baseline (interleaved rows only).
   */
  record Run(
      int clients,
      double rps,
      double p50,
      double p99,
      long n,
      long failures,
      double jvmCores,
      double machineCores,
      double lowRatio,
      double highRatio) {
    Run withRange(double low, double high) {
      return new Run(clients, rps, p50, p99, n, failures, jvmCores, machineCores, low, high);
    }
  }

  /** CPU time so far: this process's (ns) and the machine's busy and total ticks (Linux). */
  record Cpu(long processNanos, long busyTicks, long totalTicks, long atNanos) {
    static Cpu now() {
      long process =
          ManagementFactory.getOperatingSystemMXBean()
                  instanceof com.sun.management.OperatingSystemMXBean os
              ? os.getProcessCpuTime()
              : -1;
      long busy = -1, total = -1;
      try {
        // "cpu user nice system idle iowait irq softirq steal ...": busy = not idle/iowait/steal
        String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
        long sum = 0;
        for (int i = 1; i <= 8; i++) sum += Long.parseLong(f[i]);
        busy = sum - Long.parseLong(f[4]) - Long.parseLong(f[5]) - Long.parseLong(f[8]);
        total = sum;
      } catch (IOException | RuntimeException e) {
        // not Linux: no machine figure
      }
      return new Cpu(process, busy, total, System.nanoTime());
    }

    double jvmCoreSecondsSince(Cpu before) {
      return processNanos < 0 ? Double.NaN : (processNanos - before.processNanos) / 1e9;
    }

    double machineCoreSecondsSince(Cpu before) {
      if (totalTicks < 0 || before.totalTicks < 0 || totalTicks == before.totalTicks)
        return Double.NaN;
      double share = (busyTicks - before.busyTicks) / (double) (totalTicks - before.totalTicks);
      return share * Runtime.getRuntime().availableProcessors() * (atNanos - before.atNanos) / 1e9;
    }
  }

  /** The measured window, opened by the coordinating thread once warm-up is over. */
  private static final class Window {
    volatile long start = Long.MAX_VALUE;
    volatile long end = Long.MAX_VALUE;
  }

  /**
   * {@code clients} loops, each issuing its next call when the last returns. Warm-up lasts at least
   * {@code warmUp} and until every client has had a reply (at most {@link #MAX_WARM_UP}); the
   * window then lasts at least {@code window} and until {@code minCompleted} calls have completed
   * in it (at most {@link #MAX_WINDOW}), and those calls are tallied. Calls in flight at its end
   * are finished, not counted.
   */
  static Tally closedLoop(
      int clients,
      Duration warmUp,
      Duration window,
      int minCompleted,
      Call call,
      ThreadFactory threads)
      throws Exception {
    AtomicLong next = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    AtomicLong completed = new AtomicLong();
    CountDownLatch warm = new CountDownLatch(clients);
    Window w = new Window();
    List<Future<long[]>> perClient = new ArrayList<>();
    Cpu before, after;
    try (ExecutorService pool = Executors.newThreadPerTaskExecutor(threads)) {
      for (int c = 0; c < clients; c++) {
        perClient.add(
            pool.submit(
                () -> {
                  long[] lat = new long[256];
                  int n = 0;
                  boolean first = true;
                  while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= w.end) break;
                    try {
                      call.call((int) next.getAndIncrement());
                    } catch (Exception | AssertionError e) {
                      if (failures.incrementAndGet() == 1)
                        System.err.printf(
                            Locale.ROOT,
                            "request failed after %.1f s: %s%n",
                            (System.nanoTime() - t0) / 1e9,
                            e);
                      continue;
                    } finally {
                      if (first) warm.countDown();
                      first = false;
                    }
                    long t1 = System.nanoTime();
                    if (t1 >= w.start && t1 < w.end) {
                      if (n == lat.length) lat = Arrays.copyOf(lat, n * 2);
                      lat[n++] = t1 - t0;
                      completed.incrementAndGet();
                    }
                  }
                  return Arrays.copyOf(lat, n);
                }));
      }
      Thread.sleep(warmUp);
      if (!warm.await(MAX_WARM_UP.minus(warmUp).toMillis(), TimeUnit.MILLISECONDS))
        System.err.println("warm-up cut short: not every client had a reply");
      before = Cpu.now();
      w.start = before.atNanos();
      Thread.sleep(window);
      long cap = w.start + MAX_WINDOW.toNanos();
      while (completed.get() < minCompleted && System.nanoTime() < cap) Thread.sleep(20);
      after = Cpu.now();
      w.end = after.atNanos();
    }
    List<Double> ms = new ArrayList<>();
    for (Future<long[]> f : perClient) for (long t : f.get()) ms.add(t / 1e6);
    double[] m = ms.stream().mapToDouble(Double::doubleValue).toArray();
    double[] weights = new double[m.length];
    Arrays.fill(weights, 1);
    return new Tally(
        m,
        weights,
        failures.get(),
        (after.atNanos() - before.atNanos()) / 1e9,
        after.jvmCoreSecondsSince(before),
        after.machineCoreSecondsSince(before));
  }

  /** The JDK client against the server, with the bench's API key. */
  static final class Http implements AutoCloseable {
    final String base;
    final String bearer;
    private volatile HttpClient client = newClient();
    final AtomicLong answered = new AtomicLong();
    final AtomicLong replies = new AtomicLong();

    Http(String base, String bearer) {
      this.base = base;
      this.bearer = bearer;
    }

    private static HttpClient newClient() {
      return HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
    }

    /** Replaces the client, so that the next loop opens new connections. */
    void fresh() {
      HttpClient old = client;
      client = newClient();
      old.close();
    }

    HttpRequest post(String path, String json) {
      return HttpRequest.newBuilder(URI.create(base + path))
          .timeout(Duration.ofSeconds(300))
          .header("Authorization", bearer)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json))
          .build();
    }

    void expect(String path, String json, int status, String marker) throws Exception {
      HttpResponse<String> r = client.send(post(path, json), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != status || !r.body().contains(marker))
        throw new IllegalStateException(path + ": " + r.statusCode() + " " + r.body());
    }

    void check(HttpRequest request, String marker) throws Exception {
      HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200 || !r.body().contains(marker))
        throw new IllegalStateException(request.uri() + ": " + r.statusCode() + " " + r.body());
    }

    /** A closed loop over the current client (its keep-alive pool holds one connection each). */
    Tally closedLoop(
        int clients,
        Duration warmUp,
        Duration window,
        int minCompleted,
        List<HttpRequest> requests,
        String marker)
        throws Exception {
      byte[] abstained = "\"abstained\":true".getBytes(StandardCharsets.UTF_8);
      byte[] mark = marker.getBytes(StandardCharsets.UTF_8);
      HttpClient client = this.client;
      return ServiceBench.closedLoop(
          clients,
          warmUp,
          window,
          minCompleted,
          i -> {
            HttpResponse<byte[]> r =
                client.send(
                    requests.get(i % requests.size()), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200 || indexOf(r.body(), mark) < 0)
              throw new IllegalStateException(
                  r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
            if (marker.equals(CITATIONS)) {
              replies.incrementAndGet();
              if (indexOf(r.body(), abstained) < 0) answered.incrementAndGet();
            }
          },
          Thread.ofVirtual().factory());
    }

    @Override
    public void close() {
      client.close();
    }
  }

  /**
   * wrk (one thread, one connection per client) with a Lua script cycling through the same request
   * bodies; its done() prints the requests, errors, mean latency and 200 latency quantiles.
   */
  static final class Wrk {
    private static final int QUANTILES = 200;
    private final Http http;
    private final Path script;

    static boolean available() {
      for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "wrk"))) return true;
      return false;
    }

    /** Writes the request bodies and the script into {@code dir}. */
    Wrk(Http http, List<String> queries, Path dir) throws IOException {
      this.http = http;
      Path bodies = dir.resolve("wrk-bodies.txt");
      Files.write(bodies, queries.stream().map(ServiceBench::embedBody).toList());
      script = dir.resolve("wrk-embeddings.lua");
      Files.writeString(
          script,
          """
          local bodies = {}
          for line in io.lines("%s") do bodies[#bodies + 1] = line end
          local i = 0
          wrk.method = "POST"
          wrk.headers["Content-Type"] = "application/json"
          wrk.headers["Authorization"] = "%s"
          request = function()
            i = i %% #bodies + 1
            return wrk.format(nil, "/v1/embeddings", nil, bodies[i])
          end
          done = function(summary, latency, requests)
            local e = summary.errors
            io.write(string.format("RESULT %%d %%d %%d\\n", summary.requests,
              e.connect + e.read + e.write + e.status + e.timeout, summary.duration))
            for q = 1, %d do
              io.write(string.format("Q %%d\\n", latency:percentile(100 * q / %d)))
            end
          end
          """
              .formatted(bodies, http.bearer, QUANTILES, QUANTILES));
    }

    /**
     * A slice: the server is warm, and wrk has no warm-up, so the whole run is measured. Each of
     * the quantiles stands for requests / 200 requests.
     */
    Tally run(int clients, Duration d) throws Exception {
      Cpu before = Cpu.now();
      Process p =
          new ProcessBuilder(
                  "wrk",
                  "-t1",
                  "-c" + clients,
                  "-d" + Math.max(1, d.toSeconds()) + "s",
                  "--timeout",
                  "60s",
                  "-s",
                  script.toString(),
                  http.base)
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(d.toSeconds() + 60, TimeUnit.SECONDS) || p.exitValue() != 0)
        throw new IllegalStateException("wrk failed:\n" + out);
      Cpu after = Cpu.now();
      long requests = -1, errors = 0;
      List<Double> q = new ArrayList<>();
      for (String line : out.split("\n")) {
        String[] f = line.trim().split(" ");
        if (f[0].equals("RESULT")) {
          requests = Long.parseLong(f[1]);
          errors = Long.parseLong(f[2]);
        } else if (f[0].equals("Q")) q.add(Long.parseLong(f[1]) / 1e3);
      }
      if (requests < 0 || q.size() != QUANTILES)
        throw new IllegalStateException("unexpected wrk output:\n" + out);
      double[] ms = q.stream().mapToDouble(Double::doubleValue).toArray();
      double[] weights = new double[ms.length];
      Arrays.fill(weights, requests / (double) QUANTILES);
      return new Tally(
          ms,
          weights,
          errors,
          (after.atNanos() - before.atNanos()) / 1e9,
          after.jvmCoreSecondsSince(before),
          after.machineCoreSecondsSince(before));
    }
  }

  static double ratio(Run r, Run base) {
    return r.rps() / base.rps();
  }

  private static void overheads(String label, Run[][] runs, int kind, String suffix) {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-34s", label + ":"));
    for (int l = 0; l < LEVELS.length; l++)
      b.append(
          String.format(
              Locale.ROOT,
              "%s %2d client%s %+6.1f%%",
              l == 0 ? "" : ",",
              LEVELS[l],
              LEVELS[l] == 1 ? " " : "s",
              100 * (runs[l][0].rps() / runs[l][kind].rps() - 1)));
    System.out.println(b.append(suffix));
  }

  /** The 1, 5 and 15 minute load averages (Linux), to show what else the machine was doing. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return String.format(
          Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  private static void header(String title) {
    System.out.printf(
        Locale.ROOT,
        "%n%s%n%-33s %7s %6s %8s %8s %8s %6s %11s %13s%n",
        title,
        "",
        "clients",
        "n",
        "req/s",
        "p50 ms",
        "p99 ms",
        "ratio",
        "per round",
        "cores jvm/all");
  }

  private static void row(String label, Run r, double ratio) {
    String range =
        Double.isNaN(r.lowRatio()) || ratio == 1.0
            ? ""
            : String.format(Locale.ROOT, "%.2f-%.2f", r.lowRatio(), r.highRatio());
    System.out.printf(
        Locale.ROOT,
        "%-33s %7d %6d %8.1f %8.2f %8.2f %6.2f %11s %6.2f/%.2f%s%n",
        label,
        r.clients(),
        r.n(),
        r.rps(),
        r.p50(),
        r.p99(),
        ratio,
        range,
        r.jvmCores(),
        r.machineCores(),
        r.failures() > 0 ? "  (" + r.failures() + " failed)" : "");
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
      return i;
    }
    return -1;
  }

  /** A JSON string literal. */
  static String json(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          else b.append(c);
        }
      }
    }
    return b.append('"').toString();
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) return;
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}
