package dev.grounded.audit.trace;

import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.ChatResponse;
import dev.grounded.gateway.provider.Provider;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

/**
 * A provider whose every call (one upstream attempt) is a {@code gateway.upstream} client span. For
 * a stream the span ends when the upstream has answered and sent its first chunk, which is when
 * {@link Provider#chat} returns.
 */
final class UpstreamSpans implements Provider {
  private final Tracer tracer;
  private final Provider inner;

  UpstreamSpans(Tracer tracer, Provider inner) {
    this.tracer = tracer;
    this.inner = java.util.Objects.requireNonNull(inner, "provider");
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    Span span =
        tracer
            .spanBuilder("gateway.upstream")
            .setSpanKind(SpanKind.CLIENT)
            .setAttribute("gen_ai.provider.name", inner.name())
            .setAttribute("gen_ai.request.model", request.model())
            .startSpan();
    try (Scope ignored = span.makeCurrent()) {
      ChatResponse response = inner.chat(request);
      span.setAttribute("grounded.outcome", "ok");
      return response;
    } catch (RuntimeException e) {
      Spans.failed(span, e);
      span.setAttribute(
          "grounded.outcome",
          e instanceof dev.grounded.core.GroundedException g ? g.code().code() : "internal");
      throw e;
    } finally {
      span.end();
    }
  }
}
