package dev.grounded.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.gateway.auth.Principal;
import io.javalin.http.Context;
import java.io.PrintStream;
import java.time.Instant;

/**
 * One JSON line per request: time, request id, trace id, method, path, status, duration, tenant and
 * key id. Never headers, bodies or query strings, so no key, prompt or document text reaches the
 * log.
 */
final class AccessLog {
  private final PrintStream out;

  AccessLog(PrintStream out) {
    this.out = out;
  }

  void log(Context ctx, Float millis) {
    ObjectNode line = Json.object();
    line.put("ts", Instant.now().toString());
    line.put("request_id", RequestIds.of(ctx));
    TracingHandler.of(ctx).ifPresent(span -> line.put("trace_id", span.traceId()));
    line.put("method", ctx.method().name());
    line.put("path", ctx.path());
    line.put("status", ctx.statusCode());
    line.put("ms", millis == null ? 0 : Math.round(millis * 10) / 10.0);
    Principal p = Auth.optionalPrincipal(ctx).orElse(null);
    if (p != null) {
      line.put("tenant", p.tenant());
      line.put("key_id", p.keyId());
    }
    line.put("remote", ctx.ip());
    String json = Json.string(line);
    synchronized (out) {
      out.println(json);
      out.flush();
    }
  }
}
