package dev.grounded.audit.trace;

import dev.grounded.answer.AskStages;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

/** Each ask stage as a span {@code ask.<stage>}, the current span while the stage runs. */
final class AskSpans implements AskStages {
  private final Tracer tracer;

  AskSpans(Tracer tracer) {
    this.tracer = tracer;
  }

  @Override
  public Stage begin(String name) {
    Span span = tracer.spanBuilder("ask." + name).startSpan();
    Scope scope = span.makeCurrent();
    return new Stage() {
      @Override
      public void failed(RuntimeException e) {
        Spans.failed(span, e);
      }

      @Override
      public void close() {
        scope.close();
        span.end();
      }
    };
  }
}
