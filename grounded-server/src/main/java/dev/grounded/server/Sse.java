package dev.grounded.server;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A server-sent event stream written straight to the response, flushed per event, so clients see
 * each event as it is sent.
 */
final class Sse implements AutoCloseable {
  private final OutputStream out;

  Sse(Context ctx) throws IOException {
    ctx.status(200);
    ctx.res().setContentType("text/event-stream; charset=utf-8");
    ctx.res().setHeader("Cache-Control", "no-cache");
    ctx.res().setHeader("X-Accel-Buffering", "no");
    this.out = ctx.res().getOutputStream();
  }

  /** A {@code data:} event (no event name), as OpenAI streams. */
  void data(String json) throws IOException {
    send(null, json);
  }

  void send(String event, String data) throws IOException {
    StringBuilder sb = new StringBuilder(data.length() + 32);
    if (event != null) sb.append("event: ").append(event).append('\n');
    for (String line : data.split("\n", -1)) sb.append("data: ").append(line).append('\n');
    sb.append('\n');
    out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.flush();
  }
}
