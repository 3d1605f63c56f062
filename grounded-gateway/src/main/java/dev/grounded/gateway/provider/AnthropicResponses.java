package dev.grounded.gateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.gateway.chain.Usage;
import java.util.Optional;

/**
 * Translates an Anthropic {@code message} into an OpenAI {@code chat.completion}: text blocks are
 * joined into {@code content}, {@code tool_use} blocks become {@code tool_calls} with JSON-string
 * arguments (the forced json_schema tool's input becomes the content instead), stop reasons map by
 * {@link #finishReason}, usage by {@link #usage}. Internal.
 */
final class AnthropicResponses {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AnthropicResponses() {}

  /** {@code end_turn}/{@code stop_sequence} → stop, {@code max_tokens} → length, tool use. */
  static String finishReason(String stopReason, boolean jsonTool) {
    return switch (stopReason) {
      case "max_tokens" -> "length";
      case "tool_use" -> jsonTool ? "stop" : "tool_calls";
      case "refusal" -> "content_filter";
      default -> "stop"; // end_turn, stop_sequence, pause_turn
    };
  }

  static Usage usage(JsonNode usage) {
    return new Usage(
        Math.max(0, usage.path("input_tokens").asLong(0)),
        Math.max(0, usage.path("output_tokens").asLong(0)));
  }

  static ObjectNode usageJson(Usage u) {
    return JSON.createObjectNode()
        .put("prompt_tokens", u.promptTokens())
        .put("completion_tokens", u.completionTokens())
        .put("total_tokens", u.totalTokens());
  }

  /** Whether {@code body} looks like a Messages API reply. */
  static boolean isMessage(JsonNode body) {
    return body != null && body.isObject() && body.path("content").isArray();
  }

  static ObjectNode completion(JsonNode message, Optional<String> jsonTool) {
    ObjectNode out = JSON.createObjectNode();
    out.put("id", message.path("id").asText("msg"));
    out.put("object", "chat.completion");
    out.put("created", System.currentTimeMillis() / 1000);
    out.put("model", message.path("model").asText());
    ObjectNode choice = out.putArray("choices").addObject().put("index", 0);
    ObjectNode m = choice.putObject("message").put("role", "assistant");
    StringBuilder text = new StringBuilder();
    boolean anyText = false;
    for (JsonNode block : message.path("content")) {
      String type = block.path("type").asText();
      if (type.equals("text")) {
        text.append(block.path("text").asText());
        anyText = true;
      } else if (type.equals("tool_use")) {
        String args = block.path("input").toString();
        if (jsonTool.isPresent() && jsonTool.get().equals(block.path("name").asText())) {
          text.setLength(0); // the answer is the tool's input, not any preamble
          text.append(args);
          anyText = true;
          continue;
        }
        ObjectNode call = m.withArray("tool_calls").addObject();
        call.put("id", block.path("id").asText()).put("type", "function");
        call.putObject("function").put("name", block.path("name").asText()).put("arguments", args);
      }
    }
    if (anyText) m.put("content", text.toString());
    else m.putNull("content");
    choice.put(
        "finish_reason",
        finishReason(message.path("stop_reason").asText("end_turn"), jsonTool.isPresent()));
    out.set("usage", usageJson(usage(message.path("usage"))));
    return out;
  }
}
