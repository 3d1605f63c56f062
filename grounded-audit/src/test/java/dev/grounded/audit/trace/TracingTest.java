package dev.grounded.audit.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TracingTest {
  @Test
  void theOtlpEndpointGetsV1TracesAddedOnceAndMustBeHttp() {
    assertThat(Tracing.tracesUrl(URI.create("http://collector:4318")))
        .isEqualTo("http://collector:4318/v1/traces");
    assertThat(Tracing.tracesUrl(URI.create("http://collector:4318/")))
        .isEqualTo("http://collector:4318/v1/traces");
    assertThat(Tracing.tracesUrl(URI.create("https://c.example/otlp/v1/traces")))
        .isEqualTo("https://c.example/otlp/v1/traces");
    assertThatThrownBy(() -> Tracing.tracesUrl(URI.create("grpc://collector:4317")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void offStillGivesEachRequestAFreshTraceIdOrTheCallersOne() {
    try (Tracing off = Tracing.off()) {
      assertThat(off.exporting()).isFalse();
      String a = off.server("GET", h -> null).traceId();
      String b = off.server("GET", h -> null).traceId();
      assertThat(a).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32)).isNotEqualTo(b);
      Map<String, String> headers =
          Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
      ServerSpan continued = off.server("POST", headers::get);
      assertThat(continued.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
      continued.route("POST", "/x");
      continued.end(200);
      continued.end(500); // a second end does nothing
    }
  }
}
