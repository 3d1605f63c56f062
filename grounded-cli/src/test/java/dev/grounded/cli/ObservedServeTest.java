package dev.grounded.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.grounded.gateway.auth.ApiKeys;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} with {@code metrics.require_key} and {@code tracing.otlp_endpoint} in its {@code
 * grounded.yaml}: {@code /metrics} refuses a request without a key and counts a gateway call for
 * one with a key; the call's spans (as {@code serve} wires the gateway: tracing outermost, a span
 * per upstream attempt) reach a local OTLP receiver by the time the server has stopped.
 */
class ObservedServeTest {
  @TempDir Path tmp;

  @Test
  void metricsNeedAKeyWhenConfiguredAndTheGatewayCallsSpansAreExportedByOtlp() throws Exception {
    List<Span> spans = new CopyOnWriteArrayList<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/v1/traces",
        exchange -> {
          try (var in = exchange.getRequestBody()) {
            for (ResourceSpans rs : ExportTraceServiceRequest.parseFrom(in).getResourceSpansList())
              for (ScopeSpans ss : rs.getScopeSpansList()) spans.addAll(ss.getSpansList());
            exchange.sendResponseHeaders(200, -1);
          } finally {
            exchange.close();
          }
        });
    receiver.start();
    try (FakeOpenAiUpstream fake =
        new FakeOpenAiUpstream((n, req) -> FakeOpenAiUpstream.answer("two words"))) {
      Path data = tmp.resolve("data");
      Files.createDirectories(data);
      String key;
      try (ApiKeys keys = ApiKeys.open(data.resolve("grounded.db"))) {
        key = keys.create("acme", "").secret();
      }
      Path config = tmp.resolve("grounded.yaml");
      Files.writeString(
          config,
          "providers:\n  f:\n    base_url: "
              + fake.baseUrl()
              + "\nmodels:\n  small:\n    provider: f\n    model: m-small\n"
              + "metrics:\n  require_key: true\n"
              + "tracing:\n  otlp_endpoint: http://127.0.0.1:"
              + receiver.getAddress().getPort()
              + "\n");
      TestServe served = TestServe.start(config, data.toString(), tmp.resolve("access.log"));
      String traceId;
      try {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> chat =
            http.send(
                HttpRequest.newBuilder(URI.create(served.url() + "/v1/chat/completions"))
                    .header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"model\":\"small\",\"messages\":[{\"role\":\"user\","
                                + "\"content\":\"hi\"}]}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
        traceId = chat.headers().firstValue("x-grounded-trace-id").orElseThrow();

        HttpRequest.Builder metrics = HttpRequest.newBuilder(URI.create(served.url() + "/metrics"));
        assertThat(http.send(metrics.build(), HttpResponse.BodyHandlers.ofString()).statusCode())
            .isEqualTo(401);
        HttpResponse<String> scraped =
            http.send(
                metrics.header("Authorization", "Bearer " + key).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.body())
            .contains(
                "grounded_gateway_calls_seconds_count{alias=\"small\",cached=\"false\","
                    + "model=\"m-small\",outcome=\"ok\",provider=\"f\"} 1")
            // the refusal is counted under its route, though the key check ran before routing
            .contains(
                "grounded_http_server_requests_seconds_count{method=\"GET\",route=\"/metrics\","
                    + "status=\"401\"} 1");
      } finally {
        served.running().stop(); // closing the tracer exports what is left
        receiver.stop(0);
      }
      List<String> names =
          spans.stream()
              .filter(s -> HexFormat.of().formatHex(s.getTraceId().toByteArray()).equals(traceId))
              .map(Span::getName)
              .toList();
      assertThat(names)
          .containsExactlyInAnyOrder(
              "POST /v1/chat/completions", "gateway.chat", "gateway.upstream");
    }
  }
}
