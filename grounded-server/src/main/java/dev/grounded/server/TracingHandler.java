package dev.grounded.server;

import dev.grounded.audit.trace.ServerSpan;
import dev.grounded.audit.trace.Tracing;
import io.javalin.http.Context;
import io.opentelemetry.context.Scope;
import java.util.Optional;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The outermost handler below graceful stop: starts each request's span (the child of its {@code
 * traceparent}, if any), sends its trace id as {@value Tracing#TRACE_ID_HEADER} on every response
 * (refusals included), keeps the span current while the handlers run on this thread, and ends it
 * when the response is complete. {@link GroundedServer} names it by route template.
 */
final class TracingHandler extends Handler.Wrapper {
  private static final String ATTRIBUTE = "grounded.span";
  private final Tracing tracing;

  TracingHandler(Tracing tracing, Handler handler) {
    super(handler);
    this.tracing = tracing;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    ServerSpan span = tracing.server(request.getMethod(), request.getHeaders()::get);
    request.setAttribute(ATTRIBUTE, span);
    response.getHeaders().put(Tracing.TRACE_ID_HEADER, span.traceId());
    Callback ending =
        new Callback() {
          @Override
          public void succeeded() {
            span.end(response.getStatus());
            callback.succeeded();
          }

          @Override
          public void failed(Throwable x) {
            span.end(response.getStatus() < 400 ? 500 : response.getStatus());
            callback.failed(x);
          }

          @Override
          public InvocationType getInvocationType() {
            return callback.getInvocationType();
          }
        };
    boolean handled;
    try (Scope ignored = span.makeCurrent()) {
      handled = super.handle(request, response, ending);
    } catch (Exception | Error e) {
      span.end(500);
      throw e;
    }
    if (!handled) span.end(404); // the server answers it with its own callback
    return handled;
  }

  /** The request's span, if it came through this handler. */
  static Optional<ServerSpan> of(Context ctx) {
    return Optional.ofNullable(ctx.attribute(ATTRIBUTE));
  }
}
