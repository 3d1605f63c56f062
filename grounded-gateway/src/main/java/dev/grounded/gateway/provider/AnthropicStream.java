package dev.grounded.gateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.gateway.chain.ChunkStream;
import dev.grounded.gateway.chain.Deadline;
import dev.grounded.gateway.chain.Usage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An Anthropic event stream as OpenAI {@code chat.completion.chunk}s, translated one event at a
 * time as each arrives: a {@code text_delta} becomes a content delta, a {@code tool_use} block
 * start a tool call with its id and name, each {@code input_json_delta} an arguments fragment,
 * {@code message_delta} the chunk with the finish reason and usage, {@code message_stop} the end.
 * {@code ping}, {@code content_block_stop} and the bare {@code message_start} yield nothing; the
 * first chunk that is yielded carries {@code role: assistant}. Failures ({@code error} events, a
 * cut, malformed JSON, the deadline) come from the underlying {@link SseStream}. Internal.
 */
final class AnthropicStream implements ChunkStream {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SseStream events;
  private final String provider;
  private final Optional<String> jsonTool;
  private final Map<Integer, Integer> toolIndex = new HashMap<>(); // block index → tool_calls index
  private final Map<Integer, Boolean> jsonBlocks = new HashMap<>();
  private String id = "msg";
  private String model = "";
  private long inputTokens;
  private volatile Usage usage;
  private boolean roleSent;
  private boolean stopped;
  private String first;

  AnthropicStream(String provider, SseStream events, Optional<String> jsonTool) {
    this.provider = provider;
    this.events = events;
    this.jsonTool = jsonTool;
  }

  /** Reads events until the first chunk, waiting at most until {@code firstBy}. */
  void awaitFirst(Deadline firstBy) {
    first = pull(firstBy);
    if (first == null)
      throw UpstreamErrors.malformed(provider, "the stream ended before any content");
  }

  @Override
  public Optional<String> next() {
    if (first != null) {
      String f = first;
      first = null;
      return Optional.of(f);
    }
    return Optional.ofNullable(pull(null));
  }

  private String pull(Deadline by) {
    while (!stopped) {
      Optional<String> e = by == null ? events.next() : events.next(by);
      if (e.isEmpty()) {
        stopped = true;
        return null;
      }
      String chunk = translate(parse(e.get()));
      if (chunk != null) return chunk;
    }
    return null;
  }

  private String translate(JsonNode e) {
    switch (e.path("type").asText()) {
      case "message_start" -> {
        JsonNode m = e.path("message");
        id = m.path("id").asText(id);
        model = m.path("model").asText(model);
        inputTokens = m.path("usage").path("input_tokens").asLong(0);
        return null;
      }
      case "content_block_start" -> {
        int index = e.path("index").asInt();
        JsonNode block = e.path("content_block");
        if (block.path("type").asText().equals("text") && !block.path("text").asText().isEmpty())
          return chunk(delta().put("content", block.get("text").asText()), null, null);
        if (!block.path("type").asText().equals("tool_use")) return null;
        if (jsonTool.isPresent() && jsonTool.get().equals(block.path("name").asText())) {
          jsonBlocks.put(index, true);
          return null;
        }
        int n = toolIndex.size();
        toolIndex.put(index, n);
        ObjectNode delta = delta();
        ObjectNode call = toolCall(delta, n).put("id", block.path("id").asText());
        call.put("type", "function");
        call.putObject("function").put("name", block.path("name").asText()).put("arguments", "");
        return chunk(delta, null, null);
      }
      case "content_block_delta" -> {
        int index = e.path("index").asInt();
        JsonNode d = e.path("delta");
        String type = d.path("type").asText();
        if (type.equals("text_delta"))
          return chunk(delta().put("content", d.path("text").asText()), null, null);
        if (!type.equals("input_json_delta")) return null; // thinking, signatures, citations
        String part = d.path("partial_json").asText();
        if (jsonBlocks.containsKey(index)) return chunk(delta().put("content", part), null, null);
        Integer n = toolIndex.get(index);
        if (n == null) return null;
        ObjectNode delta = delta();
        toolCall(delta, n).putObject("function").put("arguments", part);
        return chunk(delta, null, null);
      }
      case "message_delta" -> {
        String reason = e.path("delta").path("stop_reason").asText("end_turn");
        Usage u =
            new Usage(inputTokens, Math.max(0, e.path("usage").path("output_tokens").asLong(0)));
        usage = u;
        return chunk(delta(), AnthropicResponses.finishReason(reason, jsonTool.isPresent()), u);
      }
      case "message_stop" -> {
        stopped = true;
        events.close();
        return null;
      }
      default -> {
        return null; // ping, content_block_stop; error events are thrown by SseStream
      }
    }
  }

  /** A new delta; the first one carries the role. */
  private ObjectNode delta() {
    ObjectNode d = JSON.createObjectNode();
    if (!roleSent) {
      d.put("role", "assistant");
      roleSent = true;
    }
    return d;
  }

  private static ObjectNode toolCall(ObjectNode delta, int n) {
    ArrayNode calls = delta.putArray("tool_calls");
    return calls.addObject().put("index", n);
  }

  private String chunk(ObjectNode delta, String finish, Usage usage) {
    ObjectNode c = JSON.createObjectNode();
    c.put("id", id).put("object", "chat.completion.chunk");
    c.put("created", System.currentTimeMillis() / 1000).put("model", model);
    ObjectNode choice = c.putArray("choices").addObject().put("index", 0);
    choice.set("delta", delta);
    if (finish == null) choice.putNull("finish_reason");
    else choice.put("finish_reason", finish);
    if (usage != null) c.set("usage", AnthropicResponses.usageJson(usage));
    return c.toString();
  }

  private static JsonNode parse(String payload) {
    try {
      return JSON.readTree(payload); // SseStream has checked it is a JSON object
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Input tokens from {@code message_start}, output tokens from {@code message_delta}. */
  @Override
  public Optional<Usage> usage() {
    return Optional.ofNullable(usage);
  }

  @Override
  public void close() {
    stopped = true;
    events.close();
  }
}
