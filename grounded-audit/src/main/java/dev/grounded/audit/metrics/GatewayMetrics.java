package dev.grounded.audit.metrics;

import dev.grounded.gateway.chain.GatewayEvent;
import dev.grounded.gateway.chain.GatewayListener;
import dev.grounded.gateway.ledger.LedgerEntry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's meters. Calls come from ledger rows ({@link Metrics#ledger}); events from the
 * chain's listener. Labels: the alias the caller named and the upstream model and provider (both
 * from the configuration), the outcome ({@code ok}, {@code closed} or an error code), whether the
 * cache answered.
 */
final class GatewayMetrics implements GatewayListener {
  private final MeterRegistry registry;

  /**
   * The meters of each label combination seen, so that a call looks them up in one map instead of
   * building and sorting tags for the registry's own lookup each time (a meter, once registered,
   * stays).
   */
  private final Map<CallKey, Timer> calls = new ConcurrentHashMap<>();

  private final Map<TokensKey, Counter> tokens = new ConcurrentHashMap<>();
  private final Map<TokensKey, Counter> costs = new ConcurrentHashMap<>();

  GatewayMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void call(LedgerEntry e) {
    String model = e.model().isEmpty() ? "none" : e.model();
    String provider = e.provider().isEmpty() ? "none" : e.provider();
    calls
        .computeIfAbsent(
            new CallKey(e.alias(), model, provider, e.outcome(), e.cached()), this::timer)
        .record(e.latencyMs(), TimeUnit.MILLISECONDS);
    if (e.tokensIn() > 0) tokens(model, provider, "in").increment(e.tokensIn());
    if (e.tokensOut() > 0) tokens(model, provider, "out").increment(e.tokensOut());
    if (e.costMicros() > 0)
      costs
          .computeIfAbsent(
              new TokensKey(model, provider, ""),
              k ->
                  Counter.builder("grounded.gateway.cost")
                      .baseUnit("usd")
                      .description("What gateway calls cost, from the price catalogue")
                      .tags("model", model, "provider", provider)
                      .register(registry))
          .increment(e.costMicros() / 1_000_000.0);
  }

  private record CallKey(
      String alias, String model, String provider, String outcome, boolean cached) {}

  private record TokensKey(String model, String provider, String direction) {}

  private Timer timer(CallKey k) {
    return Timer.builder("grounded.gateway.calls")
        .description("Gateway calls by alias, upstream model, provider, outcome and cache")
        .tags(
            "alias",
            k.alias(),
            "model",
            k.model(),
            "provider",
            k.provider(),
            "outcome",
            k.outcome(),
            "cached",
            Boolean.toString(k.cached()))
        .serviceLevelObjectives(Metrics.LATENCY_BUCKETS)
        .register(registry);
  }

  private Counter tokens(String model, String provider, String direction) {
    return tokens.computeIfAbsent(
        new TokensKey(model, provider, direction),
        k ->
            Counter.builder("grounded.gateway.tokens")
                .description("Tokens sent (in) and received (out) by gateway calls")
                .tags("model", model, "provider", provider, "direction", direction)
                .register(registry));
  }

  @Override
  public void onEvent(GatewayEvent event) {
    switch (event) {
      case GatewayEvent.GuardActed g -> {
        for (String type : g.types()) guardFinding(g.source(), g.action(), type);
      }
      case GatewayEvent.UpstreamRetried r ->
          count("grounded.gateway.retries", "Upstream attempts retried", "cause", r.cause().code());
      case GatewayEvent.FallbackTaken f ->
          count(
              "grounded.gateway.fallbacks",
              "Fallbacks to the next target",
              "cause",
              f.cause().code());
      case GatewayEvent.BreakerOpened b ->
          count("grounded.gateway.breaker.transitions", "Circuit breaker changes", "to", "open");
      case GatewayEvent.BreakerClosed b ->
          count("grounded.gateway.breaker.transitions", "Circuit breaker changes", "to", "closed");
      case GatewayEvent.OutputChecked o ->
          count(
              "grounded.gateway.structured.outputs",
              "Replies checked against a response_format, by outcome",
              "outcome",
              o.outcome().name().toLowerCase(java.util.Locale.ROOT));
    }
  }

  /** One finding of a guard that acted on a question, chunk, tool result or answer. */
  private void guardFinding(String source, String action, String type) {
    Counter.builder("grounded.guard.findings")
        .description("Guardrail findings acted on (flag, redact, block), by type and source")
        .tags("source", source, "action", action, "type", type)
        .register(registry)
        .increment();
  }

  private void count(String name, String description, String tag, String value) {
    Counter.builder(name).description(description).tag(tag, value).register(registry).increment();
  }
}
