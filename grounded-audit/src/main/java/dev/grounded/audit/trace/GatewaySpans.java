package dev.grounded.audit.trace;

import dev.grounded.gateway.chain.CallNotes;
import dev.grounded.gateway.chain.Chain;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.ChatResponse;
import dev.grounded.gateway.chain.Interceptor;
import dev.grounded.gateway.chain.ObservedStream;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

/**
 * One {@code gateway.chat} span per call, current while the rest of the chain runs (so each
 * upstream attempt is its child), ended when the call's outcome is known: on return, or when a
 * stream ends. Attributes: the alias asked for, the provider and model that answered, the cache's
 * outcome, the attempts made and the outcome ({@code ok}, {@code closed} or an error code).
 */
final class GatewaySpans implements Interceptor {
  private final Tracer tracer;

  GatewaySpans(Tracer tracer) {
    this.tracer = tracer;
  }

  @Override
  public ChatResponse intercept(Chain chain) {
    ChatRequest request = chain.request();
    Span span =
        tracer
            .spanBuilder("gateway.chat")
            .setSpanKind(SpanKind.INTERNAL)
            .setAttribute("gen_ai.operation.name", "chat")
            .setAttribute("gen_ai.request.model", request.model())
            .setAttribute("grounded.stream", request.stream())
            .startSpan();
    ChatResponse response;
    try (Scope ignored = span.makeCurrent()) {
      response = chain.proceed(request);
    } catch (RuntimeException e) {
      Spans.failed(span, e);
      end(
          span,
          request,
          e instanceof dev.grounded.core.GroundedException g ? g.code().code() : "internal");
      throw e;
    }
    return switch (response) {
      case ChatResponse.Completion c -> {
        end(span, request, "ok");
        yield c;
      }
      case ChatResponse.Streaming s ->
          new ChatResponse.Streaming(
              new ObservedStream(
                  s.chunks(),
                  (end, usage, failure) -> {
                    if (end == ObservedStream.End.FAILED) span.setStatus(StatusCode.ERROR);
                    end(
                        span,
                        request,
                        switch (end) {
                          case COMPLETE -> "ok";
                          case CLOSED -> "closed";
                          case FAILED -> failure.map(f -> f.code().code()).orElse("internal");
                        });
                  }));
    };
  }

  private static void end(Span span, ChatRequest request, String outcome) {
    if (span.isRecording()) {
      CallNotes notes = request.metadata().notes();
      notes
          .target()
          .ifPresent(
              t -> {
                span.setAttribute("gen_ai.provider.name", t.provider());
                span.setAttribute("gen_ai.response.model", t.model());
              });
      span.setAttribute("grounded.cache", notes.cache().header());
      span.setAttribute("grounded.attempts", (long) notes.attempts());
      span.setAttribute("grounded.outcome", outcome);
    }
    span.end();
  }
}
