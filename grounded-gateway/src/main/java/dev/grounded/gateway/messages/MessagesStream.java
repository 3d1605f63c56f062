package dev.grounded.gateway.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.chain.ChunkStream;
import dev.grounded.gateway.chain.Usage;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Relays a streamed completion as Anthropic's server-sent events, each chunk translated and handed
 * to the sink as soon as it arrives: {@code message_start} first; text deltas open a text block
 * ({@code content_block_start}) and become {@code text_delta}s; a new tool call closes the open
 * block and opens a {@code tool_use} block, its argument fragments become {@code
 * input_json_delta}s; at the end the open block is stopped, {@code message_delta} carries the stop
 * reason and the usage, and {@code message_stop} ends the stream. A failure after the stream began
 * (the upstream cut, an error event, the deadline) is one {@code error} event and nothing after it,
 * so Anthropic's SDKs raise instead of returning a cut message. One instance per stream.
 */
public final class MessagesStream {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Where the events go (a server writes and flushes each one). */
  @FunctionalInterface
  public interface Sink {
    void event(String name, ObjectNode data) throws IOException;
  }

  private final Sink sink;
  private final Map<Integer, Integer> toolBlocks = new HashMap<>();
  private int block = -1;
  private boolean blockOpen;
  private boolean textOpen;
  private String stopReason = "end_turn";
  private Usage usage;

  private MessagesStream(Sink sink) {
    this.sink = sink;
  }

  /**
   * Relays {@code chunks} to {@code sink} until the stream ends or fails, answering as {@code
   * model}. The caller closes {@code chunks}.
   */
  public static void relay(ChunkStream chunks, String model, String messageId, Sink sink)
      throws IOException {
    new MessagesStream(sink).run(chunks, model, messageId);
  }

  private void run(ChunkStream chunks, String model, String messageId) throws IOException {
    ObjectNode message = MessagesReply.start(MessagesReply.messageId(messageId), model);
    message.putArray("content");
    message.putNull("stop_reason").putNull("stop_sequence");
    message.putObject("usage").put("input_tokens", 0).put("output_tokens", 0);
    send("message_start", event("message_start").set("message", message));
    while (true) {
      try {
        Optional<String> next = chunks.next();
        if (next.isEmpty()) break;
        chunk(parse(next.get()));
      } catch (GroundedException e) {
        sink.event("error", MessagesErrors.body(e));
        return;
      }
    }
    closeBlock();
    Usage total = usage != null ? usage : chunks.usage().orElse(Usage.NONE);
    ObjectNode delta = event("message_delta");
    delta.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
    delta
        .putObject("usage")
        .put("input_tokens", total.promptTokens())
        .put("output_tokens", total.completionTokens());
    send("message_delta", delta);
    send("message_stop", event("message_stop"));
  }

  private void chunk(JsonNode chunk) throws IOException {
    JsonNode u = chunk.get("usage");
    if (u != null && u.isObject())
      usage =
          new Usage(
              Math.max(0, u.path("prompt_tokens").asLong(0)),
              Math.max(0, u.path("completion_tokens").asLong(0)));
    JsonNode choice = chunk.path("choices").path(0);
    if (!choice.isObject()) return; // the usage-only chunk
    JsonNode delta = choice.path("delta");
    text(delta.path("content").asText(""));
    if (delta.path("refusal").isTextual() && !delta.get("refusal").asText().isEmpty()) {
      text(delta.get("refusal").asText());
      stopReason = "refusal";
    }
    for (JsonNode call : delta.path("tool_calls")) toolCall(call);
    JsonNode finish = choice.get("finish_reason");
    if (finish != null && finish.isTextual() && !stopReason.equals("refusal"))
      stopReason = MessagesReply.stopReason(finish.asText());
  }

  private void text(String text) throws IOException {
    if (text.isEmpty()) return;
    if (!textOpen) {
      open(JSON.createObjectNode().put("type", "text").put("text", ""));
      textOpen = true;
    }
    ObjectNode e = event("content_block_delta").put("index", block);
    e.putObject("delta").put("type", "text_delta").put("text", text);
    send("content_block_delta", e);
  }

  private void toolCall(JsonNode call) throws IOException {
    int k = call.path("index").asInt(0);
    Integer index = toolBlocks.get(k);
    if (index == null) {
      ObjectNode start = JSON.createObjectNode().put("type", "tool_use");
      String id = call.path("id").asText("");
      start.put("id", id.isEmpty() ? "toolu_" + Long.toHexString(System.nanoTime()) : id);
      start.put("name", call.path("function").path("name").asText(""));
      start.putObject("input");
      open(start);
      index = block;
      toolBlocks.put(k, index);
    }
    String fragment = call.path("function").path("arguments").asText("");
    if (fragment.isEmpty()) return;
    ObjectNode e = event("content_block_delta").put("index", index);
    e.putObject("delta").put("type", "input_json_delta").put("partial_json", fragment);
    send("content_block_delta", e);
  }

  private void open(ObjectNode contentBlock) throws IOException {
    closeBlock();
    block++;
    blockOpen = true;
    ObjectNode e = event("content_block_start").put("index", block);
    e.set("content_block", contentBlock);
    send("content_block_start", e);
  }

  private void closeBlock() throws IOException {
    if (!blockOpen) return;
    send("content_block_stop", event("content_block_stop").put("index", block));
    blockOpen = false;
    textOpen = false;
  }

  private void send(String name, ObjectNode data) throws IOException {
    sink.event(name, data);
  }

  private static ObjectNode event(String type) {
    return JSON.createObjectNode().put("type", type);
  }

  private static JsonNode parse(String payload) {
    try {
      JsonNode chunk = JSON.readTree(payload);
      if (chunk != null && chunk.isObject()) return chunk;
    } catch (IOException e) {
      // reported below
    }
    throw new GroundedException(
        ErrorCode.UPSTREAM_ERROR, "the upstream sent a stream chunk that is not JSON", null, null);
  }
}
