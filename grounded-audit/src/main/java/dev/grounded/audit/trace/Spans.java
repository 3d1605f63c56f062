package dev.grounded.audit.trace;

import dev.grounded.core.GroundedException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;

/** What the span observers share. */
final class Spans {
  private Spans() {}

  /** Marks {@code span} failed with the error's stable code (never its message: it may quote). */
  static void failed(Span span, RuntimeException e) {
    if (!span.isRecording()) return;
    String type = e instanceof GroundedException g ? g.code().code() : e.getClass().getName();
    span.setStatus(StatusCode.ERROR, type);
    span.setAttribute("error.type", type);
  }
}
