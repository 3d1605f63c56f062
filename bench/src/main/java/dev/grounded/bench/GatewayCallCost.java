package dev.grounded.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.grounded.audit.Audit;
import dev.grounded.audit.log.AuditOptions;
import dev.grounded.audit.metrics.Metrics;
import dev.grounded.audit.trace.ServerSpan;
import dev.grounded.audit.trace.Tracing;
import dev.grounded.gateway.Gateway;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.ChatResponse;
import dev.grounded.gateway.chain.Deadline;
import dev.grounded.gateway.chain.GatewayListener;
import dev.grounded.gateway.chain.RequestMetadata;
import dev.grounded.gateway.chain.Usage;
import dev.grounded.gateway.ledger.CallObserver;
import dev.grounded.gateway.ledger.LedgerInterceptor;
import dev.grounded.gateway.ledger.LedgerSink;
import dev.grounded.gateway.price.CallPricing;
import dev.grounded.gateway.price.PriceCatalogue;
import dev.grounded.gateway.provider.Provider;
import io.opentelemetry.context.Scope;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The CPU one served gateway call costs with everything off and with everything on (metrics, spans
 * exported over OTLP/HTTP at ratio 1 to a local receiver, the audit log with its writer thread),
 * without HTTP: the server's per-request bookkeeping (server span, route, request metric) around
 * {@link Gateway#chat} to an in-process provider that answers at once. Calls are paced (one every
 * {@code pace} µs, as a sequential client over loopback sends them), so the exporter and the audit
 * writer run as often as they would when served. Per call: wall time, CPU of the calling thread,
 * CPU of the whole process (background threads included). Variants alternate per batch. Usage:
 * {@code GatewayCallCost [rounds batch paceMicros]}, or {@code GatewayCallCost profile off|on
 * seconds} to run one variant for a profiler (JFR).
 */
public final class GatewayCallCost {
  static final String[] VARIANTS = {"off", "metrics", "traces", "audit", "all"};

  private GatewayCallCost() {}

  public static void main(String[] args) throws Exception {
    Logs.quiet();
    boolean profile = args.length > 0 && args[0].equals("profile");
    int rounds = !profile && args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int batch = !profile && args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
    long pace = (!profile && args.length > 2 ? Long.parseLong(args[2]) : 500) * 1_000;
    AtomicLong exported = new AtomicLong();
    HttpServer collector = ObservabilityBench.collector(exported);
    Path data = Files.createTempDirectory("grounded-bench-gateway-cost");
    PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
    try (Audit audit =
        Audit.open(data, data.resolve("grounded.db"), AuditOptions.DEFAULTS, System.err)) {
      Side[] sides = new Side[VARIANTS.length];
      for (int v = 0; v < VARIANTS.length; v++) {
        String name = VARIANTS[v];
        boolean all = name.equals("all");
        Metrics metrics = all || name.equals("metrics") ? Metrics.prometheus() : Metrics.none();
        Tracing tracing =
            all || name.equals("traces")
                ? Tracing.otlp(
                    URI.create("http://127.0.0.1:" + collector.getAddress().getPort()), 1.0)
                : Tracing.off();
        sides[v] =
            new Side(
                metrics,
                tracing,
                gateway(
                    metrics,
                    tracing,
                    all || name.equals("audit") ? audit.gateway() : CallObserver.NONE));
      }
      if (profile) {
        Side side = sides[Arrays.asList(VARIANTS).indexOf(args.length > 1 ? args[1] : "all")];
        long seconds = args.length > 2 ? Long.parseLong(args[2]) : 60;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long n = 0;
        while (System.nanoTime() < end) {
          calls(side, 1_000, pace);
          n += 1_000;
        }
        System.out.printf(Locale.ROOT, "%d calls, %s%n", n, args.length > 1 ? args[1] : "all");
      } else {
        measure(sides, rounds, batch, pace);
      }
      for (Side s : sides) s.tracing().flush();
      audit.flush();
      System.out.printf(
          Locale.ROOT,
          "OTLP export requests received: %d, %d spans (%d calls made: %d spans, 3 per call)%n",
          exported.get(),
          ObservabilityBench.SPANS.get(),
          TRACED.get(),
          3 * TRACED.get());
      for (Side s : sides) {
        s.tracing().close();
        s.metrics().close();
      }
    } finally {
      collector.stop(0);
      nowhere.close();
    }
  }

  record Side(Metrics metrics, Tracing tracing, Gateway gateway) {}

  record Cost(long wall, long thread, long process, Map<String, Long> threads) {}

  static void measure(Side[] sides, int rounds, int batch, long pace) {
    long[][] wall = new long[VARIANTS.length][rounds];
    long[][] thread = new long[VARIANTS.length][rounds];
    long[][] process = new long[VARIANTS.length][rounds];
    List<Map<String, Long>> byThread = new ArrayList<>();
    for (String ignored : VARIANTS) byThread.add(new TreeMap<>());
    for (int round = -3; round < rounds; round++) { // 3 warm-up rounds
      for (int i = 0; i < VARIANTS.length; i++) {
        int v = (round & 1) == 0 ? i : VARIANTS.length - 1 - i; // the order alternates
        Cost c = calls(sides[v], batch, pace);
        if (round >= 0) {
          wall[v][round] = c.wall();
          thread[v][round] = c.thread();
          process[v][round] = c.process();
          c.threads().forEach((k, x) -> byThread.get(v).merge(k, x, Long::sum));
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%d cores; JDK %s; per gateway call (server span + metric + chain to an instant provider),"
            + " paced at one per %d us; median [min..max] over %d rounds of %d%n",
        Runtime.getRuntime().availableProcessors(),
        Runtime.version(),
        pace / 1_000,
        rounds,
        batch);
    print("wall", wall);
    print("CPU, calling thread", thread);
    print("CPU, whole process", process);
    System.out.println("  CPU per call by thread (other threads than the caller's), us");
    for (int v = 0; v < VARIANTS.length; v++) {
      StringBuilder line = new StringBuilder();
      for (var e : byThread.get(v).entrySet())
        if (e.getValue() >= 200L * rounds * batch / 1000)
          line.append(
              String.format(
                  Locale.ROOT,
                  "  %s %.1f",
                  e.getKey(),
                  e.getValue() / (double) rounds / batch / 1e3));
      System.out.printf(Locale.ROOT, "    %-7s%s%n", VARIANTS[v], line);
    }
  }

  static void print(String what, long[][] ns) {
    double off = median(ns[0]);
    System.out.printf(Locale.ROOT, "  %s%n", what);
    for (int v = 0; v < VARIANTS.length; v++) {
      long[] s = ns[v].clone();
      Arrays.sort(s);
      System.out.printf(
          Locale.ROOT,
          "    %-4s %8.2f us [%.2f..%.2f]   added vs off %+8.2f us%n",
          VARIANTS[v],
          median(ns[v]) / 1e3,
          s[0] / 1e3,
          s[s.length - 1] / 1e3,
          (median(ns[v]) - off) / 1e3);
    }
  }

  static double median(long[] a) {
    long[] s = a.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  static Gateway gateway(Metrics metrics, Tracing tracing, CallObserver audit) {
    CallPricing pricing = new CallPricing(PriceCatalogue.defaults(), Map.of(), 256);
    LedgerSink discard = entry -> {};
    Provider instant = new Instant();
    Gateway.Builder b =
        Gateway.builder()
            .listener(metrics.enabled() ? metrics.gatewayEvents() : GatewayListener.NONE)
            .provider(tracing.exporting() ? tracing.upstream(instant) : instant);
    if (tracing.exporting()) b.ledger(tracing.gatewayCalls());
    b.ledger(
        new LedgerInterceptor(
                metrics.enabled() ? metrics.ledger(discard) : discard, pricing, Clock.systemUTC())
            .withObserver(audit));
    return b.build();
  }

  static final ObjectMapper JSON = new ObjectMapper();
  static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  static final AtomicLong IDS = new AtomicLong();
  static final AtomicLong TRACED = new AtomicLong();

  /** {@code n} calls, one started every {@code pace} ns: nanoseconds per call. */
  static Cost calls(Side side, int n, long pace) {
    long cpu0 = THREADS.getCurrentThreadCpuTime(), proc0 = OS.getProcessCpuTime();
    Map<String, Long> before = threadCpu();
    long busy = 0;
    long next = System.nanoTime();
    for (int i = 0; i < n; i++) {
      long wait = next - System.nanoTime();
      if (wait > 0) LockSupport.parkNanos(wait);
      long t0 = System.nanoTime();
      next = t0 + pace;
      call(side, i);
      busy += System.nanoTime() - t0;
    }
    long cpu = THREADS.getCurrentThreadCpuTime() - cpu0, proc = OS.getProcessCpuTime() - proc0;
    Map<String, Long> after = threadCpu();
    after.replaceAll((k, x) -> x - before.getOrDefault(k, 0L));
    return new Cost(busy / n, cpu / n, proc / n, after);
  }

  /** CPU nanoseconds of every live thread but this one, summed by name (digits dropped). */
  static Map<String, Long> threadCpu() {
    Map<String, Long> out = new TreeMap<>();
    long self = Thread.currentThread().threadId();
    for (java.lang.management.ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (t == null || t.getThreadId() == self) continue;
      long ns = THREADS.getThreadCpuTime(t.getThreadId());
      if (ns > 0) out.merge(t.getThreadName().replaceAll("[0-9]+", "#"), ns, Long::sum);
    }
    return out;
  }

  /** One call as the server serves it: span, chain, route name, request metric, span end. */
  static void call(Side side, int i) {
    long t0 = System.nanoTime();
    if (side.tracing().exporting()) TRACED.incrementAndGet();
    ServerSpan span = side.tracing().server("POST", name -> null);
    try (Scope ignored = span.makeCurrent()) {
      ObjectNode body = JSON.createObjectNode().put("model", "fast");
      body.putArray("messages")
          .addObject()
          .put("role", "user")
          .put(
              "content",
              "What is the effect of vitamin D supplementation on fracture risk in adults, question "
                  + i);
      side.gateway()
          .chat(
              new ChatRequest(
                  body,
                  new RequestMetadata(
                      "req-" + IDS.incrementAndGet(), ObservabilityBench.TENANT, "k1", "bob"),
                  Deadline.after(Duration.ofSeconds(30))));
      span.route("POST", "/v1/chat/completions");
      if (side.metrics().enabled())
        side.metrics().request("POST", "/v1/chat/completions", 200, System.nanoTime() - t0);
    }
    span.end(200);
  }

  /** Answers at once with a short completion, as an upstream with zero latency would. */
  static final class Instant implements Provider {
    private final ObjectNode completion;

    Instant() {
      completion = JSON.createObjectNode().put("object", "chat.completion");
      completion
          .putArray("choices")
          .addObject()
          .put("index", 0)
          .put("finish_reason", "stop")
          .putObject("message")
          .put("role", "assistant")
          .put("content", "Echo: the answer to the question, about as long as the question was.");
    }

    @Override
    public String name() {
      return "instant";
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
      return new ChatResponse.Completion(completion, new Usage(24, 16));
    }
  }
}
