package dev.grounded.gateway.upstream;

import static dev.grounded.gateway.upstream.FakeOpenAiUpstream.JSON;
import static dev.grounded.gateway.upstream.FakeOpenAiUpstream.utf8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream.Behaviour;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Writes one {@link Behaviour} of {@link FakeOpenAiUpstream} onto a socket. */
final class FakeReplies {
  private final Socket socket;
  private final OutputStream out;
  private final JsonNode request;
  private final CountDownLatch closed;

  FakeReplies(Socket socket, JsonNode request, CountDownLatch closed) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.request = request;
    this.closed = closed;
  }

  void send(Behaviour b) throws IOException, InterruptedException {
    boolean stream = request.path("stream").asBoolean(false);
    switch (b) {
      case FakeOpenAiUpstream.Answer a -> {
        pause(a.delay());
        if (!stream) {
          json(200, completion(a.content()).toString(), null);
          return;
        }
        head(200, "text/event-stream", null);
        List<String> events = chunks(a.content());
        pause(a.firstTokenDelay());
        chunk(event(events.getFirst()));
        if (a.holdAfterFirst() != null) a.holdAfterFirst().await(30, TimeUnit.SECONDS);
        for (String e : events.subList(1, events.size())) chunk(event(e));
        chunk(event("[DONE]"));
        chunk("");
      }
      case FakeOpenAiUpstream.CutOff c -> {
        if (!stream) {
          ObjectNode body = completion(c.content());
          ((ObjectNode) body.at("/choices/0")).put("finish_reason", "length");
          json(200, body.toString(), null);
          return;
        }
        head(200, "text/event-stream", null);
        for (String e : chunks(c.content(), "length")) chunk(event(e));
        chunk(event("[DONE]"));
        chunk("");
      }
      case FakeOpenAiUpstream.Status s -> {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode e = body.putObject("error");
        e.put("message", s.message());
        e.put("type", s.status() == 429 ? "rate_limit_error" : "invalid_request_error");
        e.putNull("param");
        e.putNull("code");
        json(s.status(), body.toString(), s.retryAfter());
      }
      case FakeOpenAiUpstream.Reset r -> reset();
      case FakeOpenAiUpstream.CutStream c -> {
        head(200, "text/event-stream", null);
        List<String> events = chunks("one two three four five six seven eight");
        for (int i = 0; i < c.chunks(); i++) chunk(event(events.get(i)));
        out.flush();
        socket.close(); // no terminating chunk, no [DONE]
      }
      case FakeOpenAiUpstream.Malformed m -> {
        if (!stream) json(200, "{\"choices\": [{\"message\": ", null);
        else {
          head(200, "text/event-stream", null);
          chunk(event("{\"choices\": [{\"delta\": "));
          chunk(event("[DONE]"));
          chunk("");
        }
      }
      case FakeOpenAiUpstream.Hang h -> closed.await();
      case FakeOpenAiUpstream.ToolCall t -> toolCall(t, stream);
    }
  }

  private void toolCall(FakeOpenAiUpstream.ToolCall t, boolean stream) throws IOException {
    String args = String.join("", t.argumentFragments());
    if (!stream) {
      ObjectNode body = completion(t.preamble());
      ObjectNode choice = (ObjectNode) body.at("/choices/0");
      ObjectNode message = (ObjectNode) choice.get("message");
      if (t.preamble().isEmpty()) message.putNull("content");
      ObjectNode call = message.putArray("tool_calls").addObject();
      call.put("id", t.id()).put("type", "function");
      call.putObject("function").put("name", t.name()).put("arguments", args);
      choice.put("finish_reason", "tool_calls");
      json(200, body.toString(), null);
      return;
    }
    head(200, "text/event-stream", null);
    List<String> events = new ArrayList<>();
    if (!t.preamble().isEmpty())
      events.add(
          chunkJson(
              JSON.createObjectNode().put("role", "assistant").put("content", t.preamble()), null));
    for (int i = -1; i < t.argumentFragments().size(); i++) {
      ObjectNode call = JSON.createObjectNode().put("index", 0);
      ObjectNode function = JSON.createObjectNode();
      if (i < 0) {
        call.put("id", t.id()).put("type", "function");
        function.put("name", t.name()).put("arguments", "");
      } else function.put("arguments", t.argumentFragments().get(i));
      call.set("function", function);
      ObjectNode delta = JSON.createObjectNode();
      delta.putArray("tool_calls").add(call);
      events.add(chunkJson(delta, null));
    }
    events.add(chunkJson(JSON.createObjectNode(), "tool_calls"));
    usage(events, 10, t.argumentFragments().size());
    for (String e : events) chunk(event(e));
    chunk(event("[DONE]"));
    chunk("");
  }

  /** OpenAI's last, usage-only chunk, when the request asked for it ({@code include_usage}). */
  private void usage(List<String> events, int prompt, int completion) {
    if (!request.path("stream_options").path("include_usage").asBoolean(false)) return;
    ObjectNode c = JSON.createObjectNode();
    c.put("id", "chatcmpl-fake").put("object", "chat.completion.chunk").put("created", 0);
    c.put("model", request.path("model").asText());
    c.putArray("choices");
    c.putObject("usage")
        .put("prompt_tokens", prompt)
        .put("completion_tokens", completion)
        .put("total_tokens", prompt + completion);
    events.add(c.toString());
  }

  private void pause(Duration d) throws InterruptedException {
    if (d.isPositive()) closed.await(d.toMillis(), TimeUnit.MILLISECONDS);
  }

  private ObjectNode completion(String content) {
    ObjectNode body = JSON.createObjectNode();
    body.put("id", "chatcmpl-fake").put("object", "chat.completion").put("created", 0);
    body.put("model", request.path("model").asText());
    ObjectNode choice = body.putArray("choices").addObject();
    choice.put("index", 0);
    choice.putObject("message").put("role", "assistant").put("content", content);
    choice.put("finish_reason", "stop");
    body.putObject("usage")
        .put("prompt_tokens", 10)
        .put("completion_tokens", content.split(" ").length)
        .put("total_tokens", 10 + content.split(" ").length);
    return body;
  }

  /**
   * One chunk per word, then one with the finish reason, then (when the request asked with {@code
   * stream_options.include_usage}) a usage-only chunk.
   */
  private List<String> chunks(String content) {
    return chunks(content, "stop");
  }

  private List<String> chunks(String content, String finish) {
    List<String> events = new ArrayList<>();
    String[] words = content.split("(?= )");
    for (int i = 0; i < words.length; i++) {
      ObjectNode delta = JSON.createObjectNode();
      if (i == 0) delta.put("role", "assistant");
      delta.put("content", words[i]);
      events.add(chunkJson(delta, null));
    }
    events.add(chunkJson(JSON.createObjectNode(), finish));
    usage(events, 10, words.length);
    return events;
  }

  private String chunkJson(ObjectNode delta, String finish) {
    ObjectNode c = JSON.createObjectNode();
    c.put("id", "chatcmpl-fake").put("object", "chat.completion.chunk").put("created", 0);
    c.put("model", request.path("model").asText());
    ObjectNode choice = c.putArray("choices").addObject();
    choice.put("index", 0);
    choice.set("delta", delta);
    if (finish == null) choice.putNull("finish_reason");
    else choice.put("finish_reason", finish);
    return c.toString();
  }

  private static String event(String data) {
    return "data: " + data + "\n\n";
  }

  private void head(int status, String type, String retryAfter) throws IOException {
    String h =
        "HTTP/1.1 "
            + status
            + " X\r\nContent-Type: "
            + type
            + "\r\nConnection: close\r\n"
            + (retryAfter == null ? "" : "Retry-After: " + retryAfter + "\r\n")
            + "Transfer-Encoding: chunked\r\n\r\n";
    out.write(utf8(h));
    out.flush();
  }

  /** One HTTP chunk, flushed; the empty string is the terminating chunk. */
  private void chunk(String s) throws IOException {
    byte[] b = utf8(s);
    out.write(utf8(Integer.toHexString(b.length) + "\r\n"));
    out.write(b);
    out.write(utf8("\r\n"));
    out.flush();
  }

  private void json(int status, String body, String retryAfter) throws IOException {
    byte[] b = utf8(body);
    String h =
        "HTTP/1.1 "
            + status
            + " X\r\nContent-Type: application/json\r\nConnection: close\r\n"
            + (retryAfter == null ? "" : "Retry-After: " + retryAfter + "\r\n")
            + "Content-Length: "
            + b.length
            + "\r\n\r\n";
    out.write(utf8(h));
    out.write(b);
    out.flush();
  }

  private void reset() throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }
}
