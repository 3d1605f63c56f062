package dev.grounded.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.grounded.audit.metrics.Metrics;
import dev.grounded.audit.trace.Tracing;
import dev.grounded.embed.OnnxCrossEncoder;
import dev.grounded.embed.TinyCrossEncoder;
import dev.grounded.gateway.Gateway;
import dev.grounded.gateway.chain.GatewayEvent;
import dev.grounded.gateway.ledger.LedgerInterceptor;
import dev.grounded.gateway.price.CallPricing;
import dev.grounded.gateway.price.ModelPrice;
import dev.grounded.gateway.price.PriceCatalogue;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream;
import dev.grounded.guard.GuardPolicy;
import dev.grounded.guard.Guards;
import dev.grounded.index.Reranker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real server wired as {@code grounded serve} wires metrics and traces (the ledger sink and chain
 * listener feeding Micrometer, the tracing stage outermost in the gateway, each upstream attempt a
 * span), a model generator through the gateway to a fake OpenAI upstream, the guardrails and a
 * reranker: {@code /metrics} is scraped over HTTP and parsed by the Prometheus parser, and the
 * spans reach a local OTLP receiver.
 */
@Timeout(180)
class MetricsAndTracesTest {
  static final String ANSWER = "A new tractor costs 40,000 euros. [1]";
  static FakeOpenAiUpstream upstream;
  static OtlpReceiver receiver;
  static OnnxCrossEncoder encoder;
  static Metrics metrics;
  static Tracing tracing;
  static TestServer server;
  static final List<GatewayEvent> guardEvents = new CopyOnWriteArrayList<>();
  static final java.util.function.BiFunction<
          Integer, com.fasterxml.jackson.databind.JsonNode, FakeOpenAiUpstream.Behaviour>
      ANSWERING = (n, request) -> FakeOpenAiUpstream.answer(ANSWER);
  static final java.util.concurrent.atomic.AtomicReference<
          java.util.function.BiFunction<
              Integer, com.fasterxml.jackson.databind.JsonNode, FakeOpenAiUpstream.Behaviour>>
      script = new java.util.concurrent.atomic.AtomicReference<>(ANSWERING);
  static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws Exception {
    upstream = new FakeOpenAiUpstream((n, request) -> script.get().apply(n, request));
    receiver = new OtlpReceiver();
    metrics = Metrics.prometheus();
    tracing = Tracing.otlp(receiver.baseUrl(), 1.0);
    CallPricing pricing =
        new CallPricing(
            PriceCatalogue.defaults().with(ModelPrice.ofUsd("upstream-model", "1.00", "2.00")),
            Map.of("fast", List.of("upstream-model")),
            1000);
    Gateway gateway =
        TestGateways.routed(
                Map.of("fast", "fake/upstream-model"),
                tracing.upstream(TestGateways.openAi("fake", upstream.baseUrl(), http)))
            .ledger(tracing.gatewayCalls())
            .ledger(new LedgerInterceptor(metrics.ledger(e -> {}), pricing, Clock.systemUTC()))
            .retry(
                new dev.grounded.gateway.reliability.RetryPolicy(
                    3, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(1)))
            .listener(metrics.gatewayEvents())
            .build();
    var tmp = TestServer.temp("grounded-observed");
    encoder =
        OnnxCrossEncoder.load(
            TinyCrossEncoder.write(Files.createDirectories(tmp.resolve("ce"))), 1);
    Reranker reranker = Reranker.scoring(encoder::score);
    server =
        TestServer.observed(
            tmp.resolve("data"),
            new UpstreamModels(gateway, List.of("fast"), Duration.ofSeconds(30)),
            reranker,
            Guards.builtIn(GuardPolicy.DEFAULT),
            b ->
                b.metrics(metrics, false)
                    .tracing(tracing)
                    .guardEvents(
                        e -> {
                          guardEvents.add(e);
                          metrics.gatewayEvents().onEvent(e);
                        }));
    server.seed(null, "farm", "prices.txt", GuardedRagTest.CLEAN);
    server.seed(null, "farm", "notice.txt", GuardedRagTest.POISONED);
    assertThat(
            server
                .send("PATCH", "/api/collections/farm", null, "{\"generator\":\"model:fast\"}")
                .status())
        .isEqualTo(200);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) server.close();
    if (tracing != null) tracing.close();
    if (encoder != null) encoder.close();
    if (upstream != null) upstream.close();
    if (receiver != null) receiver.close();
  }

  static HttpResponse<String> send(String method, String path, String json, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.url(path))).timeout(Duration.ofSeconds(60));
    if (headers.length > 0) b.headers(headers);
    if (json != null) b.header("Content-Type", "application/json");
    b.method(
        method,
        json == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static PrometheusText.Parsed scrape() throws Exception {
    HttpResponse<String> r = send("GET", "/metrics", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/plain; version=0.0.4");
    return PrometheusText.parse(r.body());
  }

  static HttpResponse<String> ask() throws Exception {
    HttpResponse<String> r =
        send(
            "POST",
            "/api/collections/farm/ask",
            "{\"question\":\"How much does a new tractor cost?\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r;
  }

  static HttpResponse<String> chat() throws Exception {
    HttpResponse<String> r =
        send(
            "POST",
            "/v1/chat/completions",
            "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r;
  }

  static Map<String, String> labels(String... kv) {
    Map<String, String> m = new TreeMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
    return m;
  }

  @Test
  void metricsCountTheRequestsAsksGatewayCallsGuardFindingsAndIngestsMadeBetweenTwoScrapes()
      throws Exception {
    PrometheusText.Parsed before = scrape();
    int guardBefore = guardEvents.size();
    ask();
    chat();
    assertThat(send("GET", "/api/collections/ghost/documents", null).statusCode()).isEqualTo(404);
    HttpResponse<String> lost = send("GET", "/no/such/path", null);
    assertThat(lost.statusCode()).isEqualTo(404);
    traceId(lost); // error responses carry the trace id too
    server.seed(null, "barn", "hay.txt", "Hay is stored in the barn loft over winter.");
    PrometheusText.Parsed after = scrape();

    // requests, by route template and status
    String count = "grounded_http_server_requests_seconds_count";
    Map<String, String> askRoute =
        labels("method", "POST", "route", "/api/collections/{collection}/ask", "status", "200");
    assertThat(after.value(count, askRoute) - before.value(count, askRoute)).isEqualTo(1);
    Map<String, String> ghost =
        labels(
            "method", "GET", "route", "/api/collections/{collection}/documents", "status", "404");
    assertThat(after.value(count, ghost) - before.value(count, ghost)).isEqualTo(1);
    Map<String, String> unmatched = labels("method", "GET", "route", "unmatched", "status", "404");
    assertThat(after.value(count, unmatched) - before.value(count, unmatched)).isEqualTo(1);
    assertThat(after.families())
        .containsEntry("grounded_http_server_requests_seconds", "histogram");
    // never a raw path: every route is a registered template
    Set<String> templates = new HashSet<>(Set.of(RequestMetrics.UNMATCHED));
    for (String[] route : server.server.registeredRoutes()) templates.add(route[1]);
    Set<String> routes =
        after.named(count).stream().map(s -> s.labels().get("route")).collect(Collectors.toSet());
    assertThat(templates).containsAll(routes);
    // the histogram's buckets are cumulative and end at the count
    List<PrometheusText.Sample> buckets =
        after.named("grounded_http_server_requests_seconds_bucket").stream()
            .filter(s -> s.labels().get("route").equals("/api/collections/{collection}/ask"))
            .toList();
    assertThat(buckets).hasSizeGreaterThan(5);
    for (int i = 1; i < buckets.size(); i++)
      assertThat(buckets.get(i).value()).isGreaterThanOrEqualTo(buckets.get(i - 1).value());
    assertThat(buckets.getLast().labels()).containsEntry("le", "+Inf");
    assertThat(buckets.getLast().value()).isEqualTo(after.value(count, askRoute));

    // the ask's stages
    for (String stage :
        List.of(
            "guard_question",
            "embed",
            "retrieve",
            "rerank",
            "guard_chunks",
            "generate",
            "verify")) {
      Map<String, String> l = labels("stage", stage, "outcome", "ok");
      assertThat(
              after.value("grounded_ask_stage_seconds_count", l)
                  - before.value("grounded_ask_stage_seconds_count", l))
          .as(stage)
          .isEqualTo(1);
    }

    // gateway calls: the ask's model generator and the chat, with the fake's usage and the price
    Map<String, String> call =
        labels(
            "alias",
            "fast",
            "model",
            "upstream-model",
            "provider",
            "fake",
            "outcome",
            "ok",
            "cached",
            "false");
    assertThat(
            after.value("grounded_gateway_calls_seconds_count", call)
                - before.value("grounded_gateway_calls_seconds_count", call))
        .isEqualTo(2);
    int words = ANSWER.split(" ").length;
    String tokens = "grounded_gateway_tokens_total";
    Map<String, String> in =
        labels("model", "upstream-model", "provider", "fake", "direction", "in");
    Map<String, String> out =
        labels("model", "upstream-model", "provider", "fake", "direction", "out");
    assertThat(after.value(tokens, in) - before.value(tokens, in)).isEqualTo(2 * 10);
    assertThat(after.value(tokens, out) - before.value(tokens, out)).isEqualTo(2 * words);
    Map<String, String> cost = labels("model", "upstream-model", "provider", "fake");
    assertThat(
            after.value("grounded_gateway_cost_usd_total", cost)
                - before.value("grounded_gateway_cost_usd_total", cost))
        .isCloseTo((2 * 10 * 1.00 + 2 * words * 2.00) / 1e6, within(1e-12));

    // guard findings: one count per type of each guard action reported during the ask
    Map<Map<String, String>, Integer> expected = new HashMap<>();
    for (GatewayEvent e : guardEvents.subList(guardBefore, guardEvents.size()))
      if (e instanceof GatewayEvent.GuardActed g)
        for (String type : g.types())
          expected.merge(
              labels("source", g.source(), "action", g.action(), "type", type), 1, Integer::sum);
    assertThat(expected).as("the poisoned chunk is acted on").isNotEmpty();
    expected.forEach(
        (l, n) ->
            assertThat(
                    after.value("grounded_guard_findings_total", l)
                        - before.value("grounded_guard_findings_total", l))
                .as(l.toString())
                .isEqualTo(n.doubleValue()));

    // ingest throughput and the job queue
    Map<String, String> indexed = labels("result", "indexed");
    assertThat(
            after.value("grounded_ingest_documents_total", indexed)
                - before.value("grounded_ingest_documents_total", indexed))
        .isEqualTo(1);
    assertThat(
            after.value("grounded_ingest_chunks_total", Map.of())
                - before.value("grounded_ingest_chunks_total", Map.of()))
        .isGreaterThanOrEqualTo(1);
    assertThat(after.value("grounded_ingest_jobs", labels("state", "running"))).isZero();
    assertThat(after.named("grounded_ingest_jobs")).hasSize(2);

    // JVM
    assertThat(after.families())
        .containsKeys(
            "jvm_memory_used_bytes", "jvm_threads_live_threads", "process_uptime_seconds");
  }

  /** The spans of {@code traceId} once the one named {@code root} has arrived (up to 15 s). */
  static List<OtlpReceiver.Received> awaitTrace(String traceId, String root) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (true) {
      tracing.flush();
      List<OtlpReceiver.Received> spans = receiver.trace(traceId);
      if (spans.stream().anyMatch(s -> s.name().equals(root)) || System.nanoTime() > deadline)
        return spans;
      Thread.sleep(50);
    }
  }

  static OtlpReceiver.Received one(List<OtlpReceiver.Received> spans, String name) {
    List<OtlpReceiver.Received> named = spans.stream().filter(s -> s.name().equals(name)).toList();
    assertThat(named).as("spans named " + name + " in " + spans).hasSize(1);
    return named.getFirst();
  }

  static String traceId(HttpResponse<String> r) {
    String id = r.headers().firstValue(Tracing.TRACE_ID_HEADER).orElseThrow();
    assertThat(id).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
    return id;
  }

  @Test
  void anAskIsOneTraceItsStagesUnderTheRequestRerankUnderRetrieveTheModelCallUnderGenerate()
      throws Exception {
    HttpResponse<String> r = ask();
    String traceId = traceId(r);
    String name = "POST /api/collections/{collection}/ask";
    List<OtlpReceiver.Received> spans = awaitTrace(traceId, name);

    OtlpReceiver.Received root = one(spans, name);
    assertThat(root.parentSpanId()).isEmpty();
    assertThat(root.kind())
        .isEqualTo(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(root.attributes())
        .containsEntry("http.route", "/api/collections/{collection}/ask")
        .containsEntry("http.response.status_code", "200");
    assertThat(root.resource()).containsEntry("service.name", "grounded");
    for (String stage :
        List.of("guard_question", "embed", "retrieve", "guard_chunks", "generate", "verify"))
      assertThat(one(spans, "ask." + stage).parentSpanId()).as(stage).isEqualTo(root.spanId());
    assertThat(one(spans, "ask.rerank").parentSpanId())
        .isEqualTo(one(spans, "ask.retrieve").spanId());
    OtlpReceiver.Received call = one(spans, "gateway.chat");
    assertThat(call.parentSpanId()).isEqualTo(one(spans, "ask.generate").spanId());
    assertThat(call.attributes())
        .containsEntry("gen_ai.request.model", "fast")
        .containsEntry("gen_ai.provider.name", "fake")
        .containsEntry("gen_ai.response.model", "upstream-model")
        .containsEntry("grounded.outcome", "ok")
        .containsEntry("grounded.attempts", "1");
    OtlpReceiver.Received attempt = one(spans, "gateway.upstream");
    assertThat(attempt.parentSpanId()).isEqualTo(call.spanId());
    assertThat(attempt.kind())
        .isEqualTo(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CLIENT);
    assertThat(attempt.attributes()).containsEntry("gen_ai.request.model", "upstream-model");
    assertThat(spans).hasSize(10);
    assertThat(receiver.contentTypes()).contains("application/x-protobuf");
    assertThat(server.accessLog()).contains("\"trace_id\":\"" + traceId + "\"");
  }

  @Test
  void aGatewayCallIsTheRequestSpanTheCallSpanAndOneSpanPerUpstreamAttempt() throws Exception {
    String traceId = traceId(chat());
    String name = "POST /v1/chat/completions";
    List<OtlpReceiver.Received> spans = awaitTrace(traceId, name);
    OtlpReceiver.Received root = one(spans, name);
    OtlpReceiver.Received call = one(spans, "gateway.chat");
    OtlpReceiver.Received attempt = one(spans, "gateway.upstream");
    assertThat(call.parentSpanId()).isEqualTo(root.spanId());
    assertThat(attempt.parentSpanId()).isEqualTo(call.spanId());
    assertThat(call.attributes()).containsEntry("grounded.cache", "bypass");
    assertThat(spans).hasSize(3);
  }

  @Test
  void aStreamedCallsSpanEndsWhenTheStreamEndsWithItsOutcome() throws Exception {
    HttpResponse<String> r =
        send(
            "POST",
            "/v1/chat/completions",
            "{\"model\":\"fast\",\"stream\":true,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hello\"}]}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains("data: [DONE]");
    String traceId = traceId(r);
    List<OtlpReceiver.Received> spans = awaitTrace(traceId, "POST /v1/chat/completions");
    OtlpReceiver.Received call = one(spans, "gateway.chat");
    assertThat(call.attributes())
        .containsEntry("grounded.stream", "true")
        .containsEntry("grounded.outcome", "ok");
    assertThat(one(spans, "gateway.upstream").parentSpanId()).isEqualTo(call.spanId());
  }

  @Test
  void aFailedCallIsCountedByItsErrorCodeWithItsRetriesAndEachAttemptIsASpan() throws Exception {
    PrometheusText.Parsed before = scrape();
    HttpResponse<String> r;
    script.set((n, request) -> new FakeOpenAiUpstream.Status(503, "overloaded", null));
    try {
      r =
          send(
              "POST",
              "/v1/chat/completions",
              "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    } finally {
      script.set(ANSWERING);
    }
    assertThat(r.statusCode()).as(r.body()).isGreaterThanOrEqualTo(500);
    String code =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(r.body())
            .at("/error/code")
            .asText();
    assertThat(code).isNotEmpty();
    PrometheusText.Parsed after = scrape();
    assertThat(
            sum(after, "grounded_gateway_calls_seconds_count", "outcome", code)
                - sum(before, "grounded_gateway_calls_seconds_count", "outcome", code))
        .isEqualTo(1);
    assertThat(
            sum(after, "grounded_gateway_retries_total", null, null)
                - sum(before, "grounded_gateway_retries_total", null, null))
        .isEqualTo(2);

    List<OtlpReceiver.Received> spans = awaitTrace(traceId(r), "POST /v1/chat/completions");
    OtlpReceiver.Received call = one(spans, "gateway.chat");
    assertThat(call.attributes())
        .containsEntry("grounded.outcome", code)
        .containsEntry("grounded.attempts", "3")
        .containsEntry("error.type", code);
    List<OtlpReceiver.Received> attempts =
        spans.stream().filter(s -> s.name().equals("gateway.upstream")).toList();
    assertThat(attempts).hasSize(3);
    for (OtlpReceiver.Received a : attempts) {
      assertThat(a.parentSpanId()).isEqualTo(call.spanId());
      assertThat(a.attributes()).containsKey("error.type");
    }
  }

  /** The sum of every sample {@code name} (with {@code label} = {@code value}, when given). */
  static double sum(PrometheusText.Parsed p, String name, String label, String value) {
    return p.named(name).stream()
        .filter(s -> label == null || value.equals(s.labels().get(label)))
        .mapToDouble(PrometheusText.Sample::value)
        .sum();
  }

  @Test
  void anIncomingTraceparentIsHonoured() throws Exception {
    String caller = "0af7651916cd43dd8448eb211c80319c";
    String parent = "b7ad6b7169203331";
    HttpResponse<String> r =
        send("GET", "/healthz", null, "traceparent", "00-" + caller + "-" + parent + "-01");
    assertThat(traceId(r)).isEqualTo(caller);
    OtlpReceiver.Received root = one(awaitTrace(caller, "GET /healthz"), "GET /healthz");
    assertThat(root.parentSpanId()).isEqualTo(parent);
    // a malformed one starts a new trace
    HttpResponse<String> fresh =
        send("GET", "/healthz", null, "traceparent", "00-not-a-trace-id-01");
    assertThat(traceId(fresh)).isNotEqualTo(caller);
  }

  @Test
  void withMetricsDisabledThereIsNoMetricsRouteAndResponsesStillCarryATraceId() {
    try (TestServer plain =
        TestServer.observed(
            TestServer.temp("grounded-unobserved"),
            UpstreamModels.NONE,
            null,
            dev.grounded.guard.Guardrails.NONE,
            b -> b.metrics(Metrics.none(), false))) {
      assertThat(plain.get("/metrics", null).status()).isEqualTo(404);
      assertThat(plain.get("/healthz", null).status()).isEqualTo(200);
      assertThat(plain.accessLog())
          .containsPattern("\"trace_id\":\"[0-9a-f]{32}\"")
          .doesNotContain("\"trace_id\":\"" + "0".repeat(32));
    }
  }

  @Test
  void aScraperAskingForOpenMetricsAsPrometheusDoesGetsAValidOpenMetricsExposition()
      throws Exception {
    chat();
    HttpResponse<String> r =
        send(
            "GET",
            "/metrics",
            null,
            "Accept",
            "application/openmetrics-text;version=1.0.0,application/openmetrics-text;"
                + "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/openmetrics-text; version=1.0.0");
    assertThat(r.body()).endsWith("# EOF\n");
    PrometheusText.Parsed parsed = PrometheusText.parseOpenMetrics(r.body());
    assertThat(parsed.families())
        .containsEntry("grounded_gateway_calls_seconds", "histogram")
        .containsEntry("grounded_gateway_tokens", "counter");
    assertThat(
            parsed.value(
                "grounded_gateway_calls_seconds_count",
                labels(
                    "alias",
                    "fast",
                    "model",
                    "upstream-model",
                    "provider",
                    "fake",
                    "outcome",
                    "ok",
                    "cached",
                    "false")))
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void theParserRejectsAMalformedExposition() {
    PrometheusText.parse("# TYPE ok_total counter\nok_total 1\n");
    assertThatThrownBy(() -> PrometheusText.parse("# TYPE x counter\nx{a=\"b} 1\n"))
        .hasMessageContaining("rejected");
    assertThatThrownBy(() -> PrometheusText.parse("x_total{a=\"b\"} one\n"))
        .hasMessageContaining("rejected");
  }
}
