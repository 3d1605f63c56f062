package dev.grounded.audit.metrics;

import dev.grounded.answer.AskStages;
import dev.grounded.gateway.cache.CacheStats;
import dev.grounded.gateway.chain.GatewayListener;
import dev.grounded.gateway.ledger.LedgerSink;
import dev.grounded.ingest.IngestListener;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The service's metrics: one Prometheus registry with the JVM's meters, and the observers that
 * record into it (see the package documentation for the metric names). {@link #none()} records
 * nothing and serves no exposition: what a server with {@code metrics.enabled: false} uses.
 */
public final class Metrics implements AutoCloseable {
  /**
   * The bucket bounds of every latency histogram, in seconds: from a cache hit to a long model
   * call, few enough to keep series per route low.
   */
  static final Duration[] LATENCY_BUCKETS = {
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofSeconds(60)
  };

  private final MeterRegistry registry;
  private final PrometheusMeterRegistry prometheus;
  private final JvmGcMetrics gc;
  private final GatewayMetrics gateway;
  private final IngestMetrics ingest;
  private final AskMetrics ask;

  /**
   * The request timers by label values, so that a request looks its timer up in one map instead of
   * building and sorting tags for the registry's own lookup (a meter, once registered, stays).
   */
  private final Map<RequestKey, Timer> requestTimers = new ConcurrentHashMap<>();

  private record RequestKey(String method, String route, int status) {}

  private Metrics(MeterRegistry registry, PrometheusMeterRegistry prometheus, JvmGcMetrics gc) {
    this.registry = registry;
    this.prometheus = prometheus;
    this.gc = gc;
    this.gateway = new GatewayMetrics(registry);
    this.ingest = new IngestMetrics(registry);
    this.ask = new AskMetrics(registry);
  }

  /** A Prometheus registry with the JVM's meters (memory, GC, threads, classes, CPU, uptime). */
  public static Metrics prometheus() {
    PrometheusMeterRegistry p = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new ClassLoaderMetrics().bindTo(p);
    new JvmMemoryMetrics().bindTo(p);
    new JvmThreadMetrics().bindTo(p);
    new ProcessorMetrics().bindTo(p);
    new UptimeMetrics().bindTo(p);
    new FileDescriptorMetrics().bindTo(p);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(p);
    return new Metrics(p, p, gc);
  }

  /** Records nothing (an empty composite registry: its meters are no-ops). */
  public static Metrics none() {
    return new Metrics(new CompositeMeterRegistry(), null, null);
  }

  /** Whether this records and serves an exposition ({@code false} for {@link #none()}). */
  public boolean enabled() {
    return prometheus != null;
  }

  /** The registry, for meters of the caller's own. */
  public MeterRegistry registry() {
    return registry;
  }

  /**
   * The exposition in Prometheus' text format 0.0.4, or OpenMetrics 1.0 when {@code accept} asks
   * for it (as Prometheus itself does).
   *
   * @throws IllegalStateException for {@link #none()}
   */
  public Exposition scrape(String accept) {
    if (prometheus == null) throw new IllegalStateException("metrics are disabled");
    String type =
        accept != null && accept.contains("application/openmetrics-text")
            ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
            : "text/plain; version=0.0.4; charset=utf-8";
    return new Exposition(type, prometheus.scrape(type));
  }

  /** A scrape: its content type and text. */
  public record Exposition(String contentType, String text) {
    public Exposition {
      Objects.requireNonNull(contentType, "contentType");
      Objects.requireNonNull(text, "text");
    }
  }

  /**
   * One HTTP request served: {@code grounded_http_server_requests_seconds{method, route, status}}.
   *
   * @param route the route template ({@code /api/collections/{name}/ask}), never a raw path; the
   *     caller maps a request that matched no route to one fixed name
   */
  public void request(String method, String route, int status, long nanos) {
    requestTimers
        .computeIfAbsent(
            new RequestKey(method, route, status),
            k ->
                Timer.builder("grounded.http.server.requests")
                    .description("HTTP requests served, by route template and status")
                    .tags("method", method, "route", route, "status", Integer.toString(status))
                    .serviceLevelObjectives(LATENCY_BUCKETS)
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * {@code sink} recording each gateway call into these metrics too (calls, latency, tokens, cost,
   * by model, provider and outcome): the ledger's own figures, so the two always agree.
   */
  public LedgerSink ledger(LedgerSink sink) {
    Objects.requireNonNull(sink, "sink");
    return entry -> {
      gateway.call(entry);
      sink.record(entry);
    };
  }

  /** Counts guard findings, retries, fallbacks, breaker changes and structured-output checks. */
  public GatewayListener gatewayEvents() {
    return gateway;
  }

  /** Counts documents indexed, skipped, failed and pruned, and chunks written, by ingests. */
  public IngestListener ingestEvents() {
    return ingest;
  }

  /** Times each stage of the ask pipeline: {@code grounded_ask_stage_seconds{stage, outcome}}. */
  public AskStages askStages() {
    return ask;
  }

  /** Exposes the gateway cache's counters and size ({@code stats} is read at each scrape). */
  public void cache(Supplier<CacheStats> stats) {
    Objects.requireNonNull(stats, "stats");
    cacheCounter(stats, "hit", CacheStats::hits);
    cacheCounter(stats, "semantic", CacheStats::semanticHits);
    cacheCounter(stats, "miss", CacheStats::misses);
    cacheCounter(stats, "bypass", CacheStats::bypassed);
    Gauge.builder("grounded.gateway.cache.entries", () -> stats.get().entries())
        .description("Entries the gateway's cache holds")
        .register(registry);
    Gauge.builder("grounded.gateway.cache.size", () -> stats.get().bytes())
        .baseUnit("bytes")
        .description("Bytes the gateway's cache holds (estimated)")
        .register(registry);
  }

  private void cacheCounter(
      Supplier<CacheStats> stats, String result, ToLongFunction<CacheStats> value) {
    FunctionCounter.builder(
            "grounded.gateway.cache.requests", stats, s -> value.applyAsLong(s.get()))
        .description("Requests the gateway's cache answered (hit, semantic) or not (miss, bypass)")
        .tag("result", result)
        .register(registry);
  }

  /** Exposes the depth of the ingest job queue: {@code grounded_ingest_jobs{state}}. */
  public void ingestJobs(IntSupplier queued, IntSupplier running) {
    Gauge.builder("grounded.ingest.jobs", queued::getAsInt)
        .description("Ingest jobs queued or running")
        .tag("state", "queued")
        .register(registry);
    Gauge.builder("grounded.ingest.jobs", running::getAsInt)
        .description("Ingest jobs queued or running")
        .tag("state", "running")
        .register(registry);
  }

  @Override
  public void close() {
    if (gc != null) gc.close();
    registry.close();
  }
}
