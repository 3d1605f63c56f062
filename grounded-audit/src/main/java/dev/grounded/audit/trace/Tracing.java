package dev.grounded.audit.trace;

import dev.grounded.answer.AskStages;
import dev.grounded.core.Version;
import dev.grounded.gateway.chain.Interceptor;
import dev.grounded.gateway.provider.Provider;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The tracer of one process: {@link #off()} (trace ids only) or {@link #otlp} (sampled spans
 * exported over OTLP/HTTP). Hands out the observers that make spans at the stages' existing hooks.
 */
public final class Tracing implements AutoCloseable {
  /** The response header carrying the request's trace id (32 hex digits). */
  public static final String TRACE_ID_HEADER = "X-Grounded-Trace-Id";

  static final String SCOPE = "dev.grounded";
  private static final IdGenerator IDS = IdGenerator.random();

  /**
   * Spans sent per OTLP request, 4x the SDK's default: each request has a fixed cost on both ends
   * (the JDK HTTP client here, the collector there) that dwarfs a span's; at 2,000 traced gateway
   * calls/s (6,000 spans/s) 2,048 cut the exporting threads' CPU from ~9 to ~3 us per call and the
   * receiver's from ~12 to ~4 (bench GatewayCallCost). Spans are still sent at least every 5 s.
   */
  static final int MAX_BATCH = 2048;

  /** Spans waiting for export; beyond it new spans are dropped. Room for four batches. */
  static final int MAX_QUEUE = 4 * MAX_BATCH;

  private final SdkTracerProvider provider;
  private final Tracer tracer;
  private final boolean exporting;

  private Tracing(SdkTracerProvider provider, boolean exporting) {
    this.provider = provider;
    this.tracer = provider.get(SCOPE, Version.string());
    this.exporting = exporting;
  }

  /**
   * No spans recorded or exported: each request still gets a trace id (its caller's, when it sent a
   * {@code traceparent}) for its response header and the access log.
   */
  public static Tracing off() {
    return new Tracing(SdkTracerProvider.builder().setSampler(Sampler.alwaysOff()).build(), false);
  }

  /**
   * Spans exported to an OTLP/HTTP collector.
   *
   * @param endpoint the collector's base URL ({@code http://host:4318}) or its traces URL ({@code
   *     .../v1/traces})
   * @param sampleRatio the share of new traces recorded, 0..1; a request with a {@code traceparent}
   *     follows its caller's sampling decision
   */
  public static Tracing otlp(URI endpoint, double sampleRatio) {
    Objects.requireNonNull(endpoint, "endpoint");
    if (!(sampleRatio >= 0 && sampleRatio <= 1))
      throw new IllegalArgumentException("sampleRatio must be in 0..1: " + sampleRatio);
    OtlpHttpSpanExporter exporter =
        OtlpHttpSpanExporter.builder()
            .setEndpoint(tracesUrl(endpoint))
            .setTimeout(Duration.ofSeconds(10))
            .build();
    Resource resource =
        Resource.getDefault()
            .merge(
                Resource.create(
                    Attributes.of(
                        AttributeKey.stringKey("service.name"),
                        "grounded",
                        AttributeKey.stringKey("service.version"),
                        Version.string())));
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(resource)
            .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(sampleRatio)))
            .addSpanProcessor(
                BatchSpanProcessor.builder(exporter)
                    .setMaxQueueSize(MAX_QUEUE)
                    .setMaxExportBatchSize(MAX_BATCH)
                    .build())
            .build();
    return new Tracing(provider, true);
  }

  /** {@code endpoint} as the OTLP/HTTP traces URL: {@code /v1/traces} added unless present. */
  static String tracesUrl(URI endpoint) {
    String s = endpoint.toString();
    if (!"http".equals(endpoint.getScheme()) && !"https".equals(endpoint.getScheme()))
      throw new IllegalArgumentException("an OTLP endpoint is an http(s) URL: " + s);
    if (s.endsWith("/v1/traces")) return s;
    return (s.endsWith("/") ? s.substring(0, s.length() - 1) : s) + "/v1/traces";
  }

  /** Whether spans are exported ({@code false} for {@link #off()}). */
  public boolean exporting() {
    return exporting;
  }

  /**
   * Starts the span of one inbound HTTP request, the child of the caller's {@code traceparent} when
   * {@code header} (a lookup by lower-case name) has a valid one.
   */
  public ServerSpan server(String method, Function<String, String> header) {
    Context parent =
        W3CTraceContextPropagator.getInstance().extract(Context.root(), header, GETTER);
    if (!exporting) {
      // nothing is recorded, but the request still gets a trace id (the SDK's dropped spans of a
      // provider without processors carry none): the caller's, else a fresh random one
      SpanContext caller = Span.fromContext(parent).getSpanContext();
      return new ServerSpan(
          Span.wrap(
              SpanContext.create(
                  caller.isValid() ? caller.getTraceId() : IDS.generateTraceId(),
                  IDS.generateSpanId(),
                  TraceFlags.getDefault(),
                  TraceState.getDefault())));
    }
    Span span =
        tracer
            .spanBuilder(method)
            .setParent(parent)
            .setSpanKind(SpanKind.SERVER)
            .setAttribute("http.request.method", method)
            .startSpan();
    return new ServerSpan(span);
  }

  private static final TextMapGetter<Function<String, String>> GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Function<String, String> carrier) {
          return List.of(); // only traceparent and tracestate are read, by name
        }

        @Override
        public String get(Function<String, String> carrier, String key) {
          return carrier == null ? null : carrier.apply(key);
        }
      };

  /** Makes each ask stage a span ({@code ask.<stage>}), current while the stage runs. */
  public AskStages askStages() {
    return new AskSpans(tracer);
  }

  /**
   * The gateway stage that makes each call a {@code gateway.chat} span (alias, provider, model,
   * outcome, cache, attempts); put it outermost, in the ledger's place.
   */
  public Interceptor gatewayCalls() {
    return new GatewaySpans(tracer);
  }

  /** {@code provider} making each upstream attempt a {@code gateway.upstream} span. */
  public Provider upstream(Provider provider) {
    return new UpstreamSpans(tracer, provider);
  }

  /** Exports the spans ended so far (waits up to 10 s); nothing for {@link #off()}. */
  public void flush() {
    provider.forceFlush().join(10, TimeUnit.SECONDS);
  }

  /** Exports what is left and stops. */
  @Override
  public void close() {
    provider.shutdown().join(10, TimeUnit.SECONDS);
  }
}
