package dev.grounded.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.gateway.Gateway;
import dev.grounded.gateway.budget.Budgets;
import dev.grounded.gateway.budget.Limits;
import dev.grounded.gateway.budget.LimitsInterceptor;
import dev.grounded.gateway.budget.Reservation;
import dev.grounded.gateway.budget.Scope;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What budgets, rate limits and the ledger add to a gateway call: (1) {@code Budgets.reserve} +
 * {@code settle} alone against three scopes with limits; (2) a gateway call to an in-process
 * provider (no network) without stages, and with the limits and ledger stages, in the same run.
 * Sequential, one thread; percentiles after a warm-up; a noise floor (fixed CPU work timed the same
 * way) shows what the machine's load adds to any tail in the same run. Usage: {@code bench/run
 * limits [calls]}.
 */
public final class LimitsBench {
  private LimitsBench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    Path dir =
        args.length > 1
            ? Files.createTempDirectory(Path.of(args[1]), "grounded-limits-bench")
            : Files.createTempDirectory("grounded-limits-bench");
    Path db = dir.resolve("grounded.db");
    try (Budgets budgets = Budgets.open(db);
        Ledger ledger = Ledger.open(db);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      budgets.setLimits(
          Scope.tenant("acme"),
          Limits.NONE.withUsdPerDayMicros(Long.MAX_VALUE / 4).withRequestsPerMinute(1_000_000_000));
      budgets.setLimits(
          Scope.key("k1"),
          Limits.NONE
              .withUsdPerMonthMicros(Long.MAX_VALUE / 4)
              .withTokensPerMinute(Long.MAX_VALUE / 4));
      List<Scope> scopes =
          List.of(Scope.tenant("acme"), Scope.key("k1"), Scope.user("acme", "bob"));
      long[] reserve = new long[n];
      long[] settle = new long[n];
      for (int i = -1000; i < n; i++) {
        long t0 = System.nanoTime();
        Reservation r = budgets.reserve(scopes, 2_000, 300);
        long t1 = System.nanoTime();
        r.settle(1_500, 200);
        long t2 = System.nanoTime();
        if (i >= 0) {
          reserve[i] = t1 - t0;
          settle[i] = t2 - t1;
        }
      }
      print("noise floor: fixed CPU work", noiseFloor(n));
      print("Budgets.reserve (3 scopes)", reserve);
      print("Reservation.settle", settle);

      CallPricing pricing = new CallPricing(PriceCatalogue.defaults(), Map.of(), 256);
      LedgerWriter writer =
          new LedgerWriter(ledger, executor, Duration.ZERO, Clock.systemUTC(), System.err);
      Gateway bare = Gateway.builder().provider(new Instant()).build();
      Gateway staged =
          Gateway.builder()
              .provider(new Instant())
              .limits(new LimitsInterceptor(budgets, pricing))
              .ledger(new LedgerInterceptor(writer, pricing, Clock.systemUTC()))
              .build();
      long[] plain = time(bare, n);
      long[] withStages = time(staged, n);
      writer.close();
      print("gateway call, no stages", plain);
      print("gateway call, limits + ledger", withStages);
      System.out.printf(
          "added by limits + ledger: p50 %.3f ms, p99 %.3f ms%n",
          (pct(withStages, 50) - pct(plain, 50)) / 1e6,
          (pct(withStages, 99) - pct(plain, 99)) / 1e6);
    }
  }

  /**
   * The same number of timings of fixed in-memory work (as long as a reserve at p50, ~0.14 ms): its
   * p99 is what the machine's scheduling adds to any operation of that size in this run.
   */
  private static long[] noiseFloor(int n) {
    long[] out = new long[n];
    long sink = 0;
    for (int i = -1000; i < n; i++) {
      long t0 = System.nanoTime();
      for (int j = 0; j < 200_000; j++) sink = sink * 31 + j;
      if (i >= 0) out[i] = System.nanoTime() - t0;
    }
    if (sink == 42) System.out.println();
    return out;
  }

  private static long[] time(Gateway gateway, int n) {
    ObjectMapper json = new ObjectMapper();
    ObjectNode body = json.createObjectNode().put("model", "gpt-4o-mini").put("max_tokens", 100);
    body.putArray("messages").addObject().put("role", "user").put("content", "Hello there?");
    long[] out = new long[n];
    for (int i = -1000; i < n; i++) {
      ChatRequest r =
          new ChatRequest(
              body,
              new RequestMetadata("r" + i, "acme", "k1", "bob"),
              Deadline.after(Duration.ofSeconds(30)));
      long t0 = System.nanoTime();
      gateway.chat(r);
      if (i >= 0) out[i] = System.nanoTime() - t0;
    }
    return out;
  }

  /** Answers at once, as an upstream with zero latency would. */
  private static final class Instant implements Provider {
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

  private static double pct(long[] ns, int p) {
    long[] s = ns.clone();
    Arrays.sort(s);
    return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)];
  }

  private static void print(String what, long[] ns) {
    System.out.printf(
        "%-32s p50 %.3f ms  p90 %.3f ms  p99 %.3f ms  (n=%d)%n",
        what, pct(ns, 50) / 1e6, pct(ns, 90) / 1e6, pct(ns, 99) / 1e6, ns.length);
  }
}
