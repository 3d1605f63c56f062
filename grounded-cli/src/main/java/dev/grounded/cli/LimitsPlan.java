package dev.grounded.cli;

import dev.grounded.core.GroundedException;
import dev.grounded.core.config.Config;
import dev.grounded.core.config.SectionEntry;
import dev.grounded.gateway.Gateway;
import dev.grounded.gateway.budget.Budgets;
import dev.grounded.gateway.budget.LimitsInterceptor;
import dev.grounded.gateway.ledger.CallObserver;
import dev.grounded.gateway.ledger.Ledger;
import dev.grounded.gateway.ledger.LedgerInterceptor;
import dev.grounded.gateway.ledger.LedgerSink;
import dev.grounded.gateway.ledger.LedgerWriter;
import dev.grounded.gateway.price.CallPricing;
import dev.grounded.gateway.price.ModelPrice;
import dev.grounded.gateway.price.PriceCatalogue;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Budgets, rate limits, the ledger and prices as {@code grounded.yaml} sets them ({@code prices.*},
 * {@code gateway.limits.*}, {@code gateway.budget.*}, {@code gateway.ledger.*}), checked when the
 * configuration loads; {@link #open} turns it into the gateway's limits and ledger stages in {@code
 * serve}.
 */
record LimitsPlan(
    PriceCatalogue prices, int defaultMaxTokens, Duration reservationTtl, int retentionDays) {

  static LimitsPlan of(Config config) {
    PriceCatalogue prices = PriceCatalogue.defaults();
    for (SectionEntry p : config.entries(GroundedSettings.PRICES)) {
      try {
        prices =
            prices.with(
                ModelPrice.ofUsd(
                    p.name(),
                    p.get(GroundedSettings.PRICE_INPUT),
                    p.get(GroundedSettings.PRICE_OUTPUT)));
      } catch (GroundedException e) {
        throw GroundedException.invalid(
            "prices." + p.name(),
            config.source() + ":" + p.line() + ": 'prices." + p.name() + "': " + e.getMessage());
      }
    }
    Duration ttl = config.get(GroundedSettings.GATEWAY_BUDGET_RESERVATION_TTL);
    Duration timeout = config.get(GroundedSettings.GATEWAY_TIMEOUT);
    if (ttl.compareTo(timeout) < 0)
      throw GroundedException.invalid(
          GroundedSettings.GATEWAY_BUDGET_RESERVATION_TTL.key(),
          "gateway.budget.reservation_ttl must be at least gateway.timeout: a reservation must"
              + " outlive the call that holds it");
    return new LimitsPlan(
        prices,
        config.get(GroundedSettings.GATEWAY_LIMITS_DEFAULT_MAX_TOKENS),
        ttl,
        config.get(GroundedSettings.GATEWAY_LEDGER_RETENTION_DAYS));
  }

  /** How the calls of the served names are priced ({@code models}: name → upstream models). */
  CallPricing pricing(Map<String, List<String>> models) {
    return new CallPricing(prices, models, defaultMaxTokens);
  }

  /** The upstream models in {@code models} without a price (they cost 0). */
  Set<String> unpriced(Map<String, List<String>> models) {
    Set<String> out = new LinkedHashSet<>();
    for (List<String> ms : models.values())
      for (String m : ms) if (prices.find(m).isEmpty()) out.add(m);
    return out;
  }

  /**
   * Opens the budget store and the ledger in {@code database}; the ledger is written off the
   * request threads, on a platform thread of its own.
   */
  /** Rows recorded within this of each other share one transaction. */
  static final Duration LEDGER_LINGER = Duration.ofMillis(50);

  Stages open(Path database, Map<String, List<String>> aliases, PrintStream errors) {
    return open(database, aliases, errors, CallObserver.NONE);
  }

  /** As {@link #open(Path, Map, PrintStream)}, telling {@code observer} about every ledger row. */
  Stages open(
      Path database, Map<String, List<String>> aliases, PrintStream errors, CallObserver observer) {
    CallPricing pricing = pricing(aliases);
    Budgets budgets = Budgets.open(database, Clock.systemUTC(), reservationTtl);
    Ledger ledger;
    try {
      ledger = Ledger.open(database);
    } catch (RuntimeException e) {
      budgets.close();
      throw e;
    }
    // a platform thread of its own: SQLite's native calls would pin a virtual thread's carrier
    ExecutorService ledgerThread =
        Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("grounded-ledger").factory());
    LedgerWriter writer =
        new LedgerWriter(
                ledger, ledgerThread, Duration.ofDays(retentionDays), Clock.systemUTC(), errors)
            .withLinger(LEDGER_LINGER);
    for (String model : unpriced(aliases))
      errors.println(
          "grounded: warning: no price for model '"
              + model
              + "': its calls cost 0 in budgets and the ledger (set prices."
              + model
              + ".input_per_1m and output_per_1m in grounded.yaml)");
    return new Stages(budgets, ledger, writer, ledgerThread, pricing, observer);
  }

  /** The opened stores and the stages over them; {@link #close} writes the last ledger rows. */
  record Stages(
      Budgets budgets,
      Ledger ledger,
      LedgerWriter writer,
      ExecutorService ledgerThread,
      CallPricing pricing,
      CallObserver observer)
      implements Consumer<Gateway.Builder>, AutoCloseable {
    /** Adds the ledger and limits stages to a gateway being built. */
    @Override
    public void accept(Gateway.Builder b) {
      observed(sink -> sink).accept(b);
    }

    /** The same, the ledger's rows also going where {@code sink} sends them (the metrics). */
    Consumer<Gateway.Builder> observed(java.util.function.UnaryOperator<LedgerSink> sink) {
      return b -> {
        b.ledger(
            new LedgerInterceptor(sink.apply(writer), pricing, Clock.systemUTC())
                .withObserver(observer));
        b.limits(new LimitsInterceptor(budgets, pricing));
      };
    }

    @Override
    public void close() {
      try {
        writer.close();
      } finally {
        // a lingering write wakes, finds nothing queued and ends before the ledger closes
        ledgerThread.shutdownNow();
        try {
          ledgerThread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        ledger.close();
        budgets.close();
      }
    }
  }
}
