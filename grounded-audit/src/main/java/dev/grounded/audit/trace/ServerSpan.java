package dev.grounded.audit.trace;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The span of one inbound HTTP request. The server makes it current while its handler runs ({@link
 * #makeCurrent}), names it by route template once routing is done ({@link #route}), and ends it
 * when the response is complete ({@link #end}, once; later calls do nothing).
 */
public final class ServerSpan {
  private final Span span;
  private final AtomicBoolean ended = new AtomicBoolean();

  ServerSpan(Span span) {
    this.span = span;
  }

  /** The trace id, 32 lower-case hex digits (valid even when the span is not recorded). */
  public String traceId() {
    return span.getSpanContext().getTraceId();
  }

  /** This span as the current one on this thread, until the scope is closed (on this thread). */
  public Scope makeCurrent() {
    return span.makeCurrent();
  }

  /** Names the span {@code METHOD route}, the route being a template, never a raw path. */
  public void route(String method, String route) {
    if (!span.isRecording()) return;
    span.updateName(method + " " + route);
    span.setAttribute("http.route", route);
  }

  /** Ends the span with the response's status; a 5xx marks it as an error. */
  public void end(int status) {
    if (!ended.compareAndSet(false, true)) return;
    if (span.isRecording()) {
      span.setAttribute("http.response.status_code", (long) status);
      if (status >= 500) span.setStatus(StatusCode.ERROR);
    }
    span.end();
  }
}
