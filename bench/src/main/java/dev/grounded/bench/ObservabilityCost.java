package dev.grounded.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.grounded.answer.AskStages;
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
import dev.grounded.gateway.ledger.LedgerInterceptor;
import dev.grounded.gateway.ledger.LedgerSink;
import dev.grounded.gateway.price.CallPricing;
import dev.grounded.gateway.price.PriceCatalogue;
import dev.grounded.gateway.provider.Provider;
import io.opentelemetry.context.Scope;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The CPU the observers add per operation, without network or models, so the machine's noise weighs
 * little: (1) a gateway call to an in-process provider that answers at once (ledger stage to a
 * discarding sink in every variant); (2) the seven stage observers of one ask; (3) one HTTP
 * request's bookkeeping (its server span, named and ended, and its request metric). Variants as
 * {@link ObservabilityBench}: off, metrics, metrics + traces exported over OTLP/HTTP to a local
 * receiver. Batches of {@value #BATCH} operations, variants interleaved in shuffled order per
 * round; the figure is the median over rounds of the time per operation.
 */
public final class ObservabilityCost {
  static final int BATCH = 2_000;

  /** The CPU-cost variants (the audit log has its own CPU figures: bench/run audit). */
  static final String[] VARIANTS = {"off", "metrics", "metrics+traces"};

  static final List<String> STAGES =
      List.of(
          AskStages.GUARD_QUESTION,
          AskStages.EMBED,
          AskStages.RETRIEVE,
          AskStages.RERANK,
          AskStages.GUARD_CHUNKS,
          AskStages.GENERATE,
          AskStages.VERIFY);

  private ObservabilityCost() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    AtomicLong exported = new AtomicLong();
    HttpServer collector = ObservabilityBench.collector(exported);
    try {
      Metrics[] metrics = new Metrics[VARIANTS.length];
      Tracing[] tracing = new Tracing[VARIANTS.length];
      Gateway[] gateways = new Gateway[VARIANTS.length];
      AskStages[] stages = new AskStages[VARIANTS.length];
      for (int v = 0; v < VARIANTS.length; v++) {
        metrics[v] = v == 0 ? Metrics.none() : Metrics.prometheus();
        tracing[v] =
            v == 2
                ? Tracing.otlp(
                    URI.create("http://127.0.0.1:" + collector.getAddress().getPort()), 1.0)
                : Tracing.off();
        gateways[v] = gateway(metrics[v], tracing[v]);
        stages[v] =
            AskStages.all(
                List.of(
                    metrics[v].enabled() ? metrics[v].askStages() : AskStages.NONE,
                    tracing[v].exporting() ? tracing[v].askStages() : AskStages.NONE));
      }
      ObjectNode body = new ObjectMapper().createObjectNode().put("model", "fast");
      body.putArray("messages").addObject().put("role", "user").put("content", "Hello there?");
      long[][] call = new long[VARIANTS.length][rounds];
      long[][] ask = new long[VARIANTS.length][rounds];
      long[][] request = new long[VARIANTS.length][rounds];
      Random random = new Random(16);
      for (int round = -5; round < rounds; round++) { // 5 warm-up rounds
        List<Integer> order = new ArrayList<>(List.of(0, 1, 2));
        Collections.shuffle(order, random);
        for (int v : order) {
          long c = calls(gateways[v], body);
          long a = asks(stages[v]);
          long r = requests(metrics[v], tracing[v]);
          if (round >= 0) {
            call[v][round] = c;
            ask[v][round] = a;
            request[v][round] = r;
          }
        }
      }
      System.out.printf(
          Locale.ROOT,
          "CPU added per operation (median over %d rounds of %d, variants interleaved)%n",
          rounds,
          BATCH);
      print("gateway call, in-process instant provider", call);
      print("ask: the 7 stage observers", ask);
      print("HTTP request: server span + request metric", request);
      for (Tracing t : tracing) t.flush();
      System.out.printf("OTLP export requests received: %d%n", exported.get());
      for (int v = 0; v < VARIANTS.length; v++) {
        tracing[v].close();
        metrics[v].close();
      }
    } finally {
      collector.stop(0);
    }
  }

  static Gateway gateway(Metrics metrics, Tracing tracing) {
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
            metrics.enabled() ? metrics.ledger(discard) : discard, pricing, Clock.systemUTC()));
    return b.build();
  }

  /** Nanoseconds per gateway call. */
  static long calls(Gateway gateway, ObjectNode body) {
    long t0 = System.nanoTime();
    for (int i = 0; i < BATCH; i++)
      gateway.chat(
          new ChatRequest(
              body,
              new RequestMetadata("r" + i, "acme", "k1", "bob"),
              Deadline.after(Duration.ofSeconds(30))));
    return (System.nanoTime() - t0) / BATCH;
  }

  /** Nanoseconds per ask's seven (empty) stages. */
  static long asks(AskStages stages) {
    long t0 = System.nanoTime();
    int sink = 0;
    for (int i = 0; i < BATCH; i++)
      for (String s : STAGES) {
        int n = i;
        sink += stages.run(s, () -> n);
      }
    if (sink == 42) System.out.println();
    return (System.nanoTime() - t0) / BATCH;
  }

  /** Nanoseconds per request's span and metric, as TracingHandler and RequestMetrics do them. */
  static long requests(Metrics metrics, Tracing tracing) {
    long t0 = System.nanoTime();
    for (int i = 0; i < BATCH; i++) {
      ServerSpan span = tracing.server("POST", name -> null);
      try (Scope ignored = span.makeCurrent()) {
        span.route("POST", "/api/collections/{collection}/ask");
        if (metrics.enabled())
          metrics.request("POST", "/api/collections/{collection}/ask", 200, 1_000_000);
      }
      span.end(200);
    }
    return (System.nanoTime() - t0) / BATCH;
  }

  static void print(String what, long[][] ns) {
    System.out.println("  " + what);
    double off = median(ns[0]);
    for (int v = 0; v < VARIANTS.length; v++)
      System.out.printf(
          Locale.ROOT,
          "    %-15s %8.2f us   added vs off %+8.2f us%n",
          VARIANTS[v],
          median(ns[v]) / 1e3,
          (median(ns[v]) - off) / 1e3);
  }

  static double median(long[] a) {
    long[] s = a.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  /** Answers at once, as an upstream with zero latency would. */
  static final class Instant implements Provider {
    private final ObjectNode completion;

    Instant() {
      completion = new ObjectMapper().createObjectNode().put("object", "chat.completion");
      completion.putArray("choices");
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
}
