package dev.grounded.gateway.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import java.io.IOException;

/**
 * Translates the chain's {@code chat.completion} into an Anthropic {@code message}: the content (or
 * a refusal) as a text block, each tool call as a {@code tool_use} block whose {@code input} is the
 * parsed arguments, the finish reason as a {@link #stopReason}, and the usage as input/output
 * tokens.
 */
public final class MessagesReply {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MessagesReply() {}

  /** stop → end_turn, length → max_tokens, tool_calls → tool_use, content_filter → refusal. */
  public static String stopReason(String finishReason) {
    if (finishReason == null) return "end_turn";
    return switch (finishReason) {
      case "length" -> "max_tokens";
      case "tool_calls", "function_call" -> "tool_use";
      case "content_filter" -> "refusal";
      default -> "end_turn";
    };
  }

  /** The {@code message} for {@code completion}, answered as {@code model} (what was asked for). */
  public static ObjectNode message(JsonNode completion, String model) {
    JsonNode choice = completion.path("choices").path(0);
    if (!choice.isObject())
      throw new GroundedException(
          ErrorCode.UPSTREAM_ERROR, "the upstream's completion has no choices", null, null);
    JsonNode m = choice.path("message");
    ObjectNode out = start(messageId(completion.path("id").asText("")), model);
    ArrayNode content = out.putArray("content");
    String text = text(m.get("content"));
    boolean refused = m.path("refusal").isTextual() && !m.get("refusal").asText().isEmpty();
    if (refused) text = text + m.get("refusal").asText();
    if (!text.isEmpty()) content.addObject().put("type", "text").put("text", text);
    for (JsonNode call : m.path("tool_calls")) {
      ObjectNode block = content.addObject().put("type", "tool_use");
      block.put("id", call.path("id").asText());
      block.put("name", call.path("function").path("name").asText());
      block.set("input", input(call.path("function").path("arguments").asText("")));
    }
    out.put(
        "stop_reason", refused ? "refusal" : stopReason(choice.path("finish_reason").textValue()));
    out.putNull("stop_sequence");
    JsonNode usage = completion.path("usage");
    out.putObject("usage")
        .put("input_tokens", usage.path("prompt_tokens").asLong(0))
        .put("output_tokens", usage.path("completion_tokens").asLong(0));
    return out;
  }

  /** A message's fields before its content: id, type, role, model. */
  static ObjectNode start(String id, String model) {
    return JSON.createObjectNode()
        .put("id", id)
        .put("type", "message")
        .put("role", "assistant")
        .put("model", model);
  }

  /** Anthropic's ids start with {@code msg_}; the upstream's id is kept after it. */
  static String messageId(String upstreamId) {
    if (upstreamId.startsWith("msg_")) return upstreamId;
    return "msg_" + (upstreamId.isEmpty() ? Long.toHexString(System.nanoTime()) : upstreamId);
  }

  private static String text(JsonNode content) {
    if (content == null || content.isNull()) return "";
    if (content.isTextual()) return content.asText();
    StringBuilder sb = new StringBuilder();
    for (JsonNode part : content) sb.append(part.path("text").asText(""));
    return sb.toString();
  }

  /** A tool call's JSON-string arguments as the object Anthropic's {@code input} must be. */
  static JsonNode input(String arguments) {
    if (arguments.isBlank()) return JSON.createObjectNode();
    try {
      JsonNode input = JSON.readTree(arguments);
      if (input != null && input.isObject()) return input;
    } catch (IOException e) {
      // reported below
    }
    throw new GroundedException(
        ErrorCode.UPSTREAM_ERROR,
        "the upstream's tool call arguments are not a JSON object: "
            + (arguments.length() > 200 ? arguments.substring(0, 200) + "…" : arguments),
        null,
        null);
  }
}
