package dev.grounded.gateway.upstream;

import static dev.grounded.gateway.upstream.FakeOpenAiUpstream.JSON;
import static dev.grounded.gateway.upstream.FakeOpenAiUpstream.utf8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.gateway.upstream.FakeAnthropicUpstream.Reply;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Writes one {@link Reply} of {@link FakeAnthropicUpstream} onto a socket. */
final class FakeAnthropicReplies {
  private static final String WORDS = "one two three four five six seven eight";
  private final Socket socket;
  private final OutputStream out;
  private final JsonNode request;
  private final CountDownLatch closed;

  FakeAnthropicReplies(Socket socket, JsonNode request, CountDownLatch closed) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.request = request;
    this.closed = closed;
  }

  void send(Reply reply) throws IOException, InterruptedException {
    boolean stream = request.path("stream").asBoolean(false);
    switch (reply) {
      case FakeAnthropicUpstream.Like(FakeOpenAiUpstream.Answer a) -> {
        pause(a.delay());
        if (!stream) json(200, message(text(a.content()), "end_turn", words(a.content())), null);
        else {
          head(200, "text/event-stream", null);
          textStream(a.content(), a.firstTokenDelay(), a.holdAfterFirst(), Integer.MAX_VALUE);
          finish("end_turn", words(a.content()));
        }
      }
      case FakeAnthropicUpstream.Like(FakeOpenAiUpstream.Status s) -> error(s);
      case FakeAnthropicUpstream.Like(FakeOpenAiUpstream.Reset r) -> {
        socket.setSoLinger(true, 0);
        socket.close();
      }
      case FakeAnthropicUpstream.Like(FakeOpenAiUpstream.CutStream c) -> {
        head(200, "text/event-stream", null);
        textStream(WORDS, Duration.ZERO, null, c.chunks());
        out.flush();
        socket.close(); // no message_stop, no terminating chunk
      }
      case FakeAnthropicUpstream.Like(FakeOpenAiUpstream.Malformed m) -> {
        if (!stream) json(200, "{\"type\": \"message\", \"content\": [", null);
        else {
          head(200, "text/event-stream", null);
          event("message_start", "{\"type\": \"message_start\", \"message\": ");
          chunk("");
        }
      }
      case FakeAnthropicUpstream.Like(FakeOpenAiUpstream.Hang h) -> closed.await();
      case FakeAnthropicUpstream.Like(FakeOpenAiUpstream.ToolCall t) ->
          toolUse(
              new FakeAnthropicUpstream.ToolUse(
                  t.preamble(), t.id(), t.name(), t.argumentFragments()),
              stream);
      case FakeAnthropicUpstream.Like(FakeOpenAiUpstream.CutOff c) ->
          send(new FakeAnthropicUpstream.Stopped(c.content(), "max_tokens"));
      case FakeAnthropicUpstream.Stopped s -> {
        if (!stream)
          json(200, message(text(s.content()), s.stopReason(), words(s.content())), null);
        else {
          head(200, "text/event-stream", null);
          textStream(s.content(), Duration.ZERO, null, Integer.MAX_VALUE);
          finish(s.stopReason(), words(s.content()));
        }
      }
      case FakeAnthropicUpstream.ToolUse t -> toolUse(t, stream);
      case FakeAnthropicUpstream.ErrorEvent e -> {
        head(200, "text/event-stream", null);
        textStream(WORDS, Duration.ZERO, null, e.words());
        event(
            "error",
            "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
        chunk("");
      }
    }
  }

  private void toolUse(FakeAnthropicUpstream.ToolUse t, boolean stream)
      throws IOException, InterruptedException {
    String input = String.join("", t.partialJson());
    if (!stream) {
      ArrayNode content = t.text().isEmpty() ? JSON.createArrayNode() : text(t.text());
      content
          .addObject()
          .put("type", "tool_use")
          .put("id", t.id())
          .put("name", t.name())
          .set("input", JSON.readTree(input));
      json(200, message(content, "tool_use", 7), null);
      return;
    }
    head(200, "text/event-stream", null);
    int block = 0;
    if (!t.text().isEmpty()) {
      textStream(t.text(), Duration.ZERO, null, Integer.MAX_VALUE);
      block = 1;
    } else start();
    ObjectNode b = JSON.createObjectNode().put("type", "content_block_start").put("index", block);
    b.putObject("content_block")
        .put("type", "tool_use")
        .put("id", t.id())
        .put("name", t.name())
        .putObject("input");
    event("content_block_start", b.toString());
    for (String p : t.partialJson()) {
      ObjectNode d = JSON.createObjectNode().put("type", "content_block_delta").put("index", block);
      d.putObject("delta").put("type", "input_json_delta").put("partial_json", p);
      event("content_block_delta", d.toString());
    }
    event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + block + "}");
    finish("tool_use", 7);
  }

  private void start() throws IOException {
    ObjectNode m = JSON.createObjectNode().put("type", "message_start");
    ObjectNode msg = m.putObject("message").put("id", "msg_fake").put("type", "message");
    msg.put("role", "assistant").put("model", request.path("model").asText());
    msg.putArray("content");
    msg.putNull("stop_reason");
    msg.putObject("usage").put("input_tokens", 10).put("output_tokens", 1);
    event("message_start", m.toString());
  }

  /**
   * message_start, a text block start and a ping at once (as Anthropic sends them), then after
   * {@code firstToken} one delta per word (the first {@code max}), the rest held if asked.
   */
  private void textStream(
      String content, Duration firstToken, CountDownLatch holdAfterFirst, int max)
      throws IOException, InterruptedException {
    start();
    event(
        "content_block_start",
        "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
    event("ping", "{\"type\": \"ping\"}");
    pause(firstToken);
    String[] words = content.split("(?= )");
    for (int i = 0; i < words.length && i < max; i++) {
      ObjectNode d = JSON.createObjectNode().put("type", "content_block_delta").put("index", 0);
      d.putObject("delta").put("type", "text_delta").put("text", words[i]);
      event("content_block_delta", d.toString());
      if (i == 0 && holdAfterFirst != null) holdAfterFirst.await(30, TimeUnit.SECONDS);
    }
    if (max == Integer.MAX_VALUE)
      event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
  }

  private void finish(String stopReason, int outputTokens) throws IOException {
    ObjectNode d = JSON.createObjectNode().put("type", "message_delta");
    d.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
    d.putObject("usage").put("output_tokens", outputTokens);
    event("message_delta", d.toString());
    event("message_stop", "{\"type\":\"message_stop\"}");
    chunk("");
  }

  private ArrayNode text(String content) {
    ArrayNode a = JSON.createArrayNode();
    a.addObject().put("type", "text").put("text", content);
    return a;
  }

  private static int words(String content) {
    return content.split(" ").length;
  }

  private String message(ArrayNode content, String stopReason, int outputTokens) {
    ObjectNode m = JSON.createObjectNode().put("id", "msg_fake").put("type", "message");
    m.put("role", "assistant").put("model", request.path("model").asText());
    m.set("content", content);
    m.put("stop_reason", stopReason).putNull("stop_sequence");
    m.putObject("usage").put("input_tokens", 10).put("output_tokens", outputTokens);
    return m.toString();
  }

  private void error(FakeOpenAiUpstream.Status s) throws IOException {
    String type =
        switch (s.status()) {
          case 400 -> "invalid_request_error";
          case 401 -> "authentication_error";
          case 403 -> "permission_error";
          case 404 -> "not_found_error";
          case 413 -> "request_too_large";
          case 429 -> "rate_limit_error";
          case 529 -> "overloaded_error";
          default -> "api_error";
        };
    ObjectNode body = JSON.createObjectNode().put("type", "error");
    body.putObject("error").put("type", type).put("message", s.message());
    json(s.status(), body.toString(), s.retryAfter());
  }

  private void pause(Duration d) throws InterruptedException {
    if (d.isPositive()) closed.await(d.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void event(String name, String data) throws IOException {
    chunk("event: " + name + "\ndata: " + data + "\n\n");
  }

  private void head(int status, String type, String retryAfter) throws IOException {
    out.write(
        utf8(
            "HTTP/1.1 "
                + status
                + " X\r\nContent-Type: "
                + type
                + "\r\nConnection: close\r\n"
                + (retryAfter == null ? "" : "Retry-After: " + retryAfter + "\r\n")
                + "Transfer-Encoding: chunked\r\n\r\n"));
    out.flush();
  }

  private void chunk(String s) throws IOException {
    byte[] b = utf8(s);
    out.write(utf8(Integer.toHexString(b.length) + "\r\n"));
    out.write(b);
    out.write(utf8("\r\n"));
    out.flush();
  }

  private void json(int status, String body, String retryAfter) throws IOException {
    byte[] b = utf8(body);
    out.write(
        utf8(
            "HTTP/1.1 "
                + status
                + " X\r\nContent-Type: application/json\r\nConnection: close\r\n"
                + (retryAfter == null ? "" : "Retry-After: " + retryAfter + "\r\n")
                + "Content-Length: "
                + b.length
                + "\r\n\r\n"));
    out.write(b);
    out.flush();
  }
}
