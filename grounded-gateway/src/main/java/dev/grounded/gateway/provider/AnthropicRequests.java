package dev.grounded.gateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates an OpenAI chat request into an Anthropic Messages API request. System (and developer)
 * messages become {@code system}; consecutive turns of one role are merged (Anthropic alternates
 * user and assistant); tool results become {@code tool_result} blocks in a user turn; {@code
 * response_format: json_schema} becomes a forced tool whose {@code input_schema} is the schema
 * ({@link #jsonTool}). Anything that cannot be expressed is an {@code invalid_request}. Internal.
 */
final class AnthropicRequests {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DATA_URL =
      Pattern.compile("data:([^;,]+);base64,(.*)", Pattern.DOTALL);

  private AnthropicRequests() {}

  /** The Messages API body for {@code openAi}; {@code max_tokens} defaults to the given value. */
  static ObjectNode translate(JsonNode openAi, int defaultMaxTokens) {
    ObjectNode out = JSON.createObjectNode();
    out.put("model", openAi.path("model").asText());
    JsonNode max =
        openAi.has("max_completion_tokens")
            ? openAi.get("max_completion_tokens")
            : openAi.path("max_tokens");
    out.put(
        "max_tokens", max.canConvertToInt() && max.asInt() > 0 ? max.asInt() : defaultMaxTokens);
    if (openAi.path("n").asInt(1) != 1) throw invalid("n", "only n=1 is supported by Anthropic");
    StringBuilder system = new StringBuilder();
    ArrayNode messages = out.putArray("messages");
    for (JsonNode m : openAi.path("messages")) {
      String role = m.path("role").asText();
      switch (role) {
        case "system", "developer" -> {
          if (!system.isEmpty()) system.append("\n\n");
          system.append(text(m.path("content")));
        }
        case "user" -> append(messages, "user", blocks(m.path("content")));
        case "assistant" -> append(messages, "assistant", assistant(m));
        case "tool" -> {
          ArrayNode result = JSON.createArrayNode();
          result
              .addObject()
              .put("type", "tool_result")
              .put("tool_use_id", m.path("tool_call_id").asText())
              .put("content", text(m.path("content")));
          append(messages, "user", result);
        }
        default -> throw invalid("messages", "unsupported message role '" + role + "'");
      }
    }
    Optional<JsonNode> schema = jsonSchema(openAi);
    if (openAi.path("response_format").path("type").asText().equals("json_object")) {
      if (!system.isEmpty()) system.append("\n\n");
      system.append("Respond with a single JSON object and nothing else.");
    }
    if (!system.isEmpty()) out.put("system", system.toString());
    tools(openAi, out, schema);
    if (openAi.path("temperature").isNumber()) out.set("temperature", openAi.get("temperature"));
    if (openAi.path("top_p").isNumber()) out.set("top_p", openAi.get("top_p"));
    JsonNode stop = openAi.path("stop");
    if (stop.isTextual()) out.putArray("stop_sequences").add(stop.asText());
    else if (stop.isArray() && !stop.isEmpty())
      out.putArray("stop_sequences").addAll((ArrayNode) stop);
    if (openAi.path("user").isTextual())
      out.putObject("metadata").put("user_id", openAi.get("user").asText());
    if (openAi.path("stream").asBoolean(false)) out.put("stream", true);
    return out;
  }

  /**
   * The name of the forced tool standing in for {@code response_format: json_schema}, when the
   * request asks for one: the schema's {@code name}, else {@code json_response}.
   */
  static Optional<String> jsonTool(JsonNode openAi) {
    return jsonSchema(openAi).map(s -> s.path("name").asText("json_response"));
  }

  private static Optional<JsonNode> jsonSchema(JsonNode openAi) {
    JsonNode f = openAi.path("response_format");
    if (!f.path("type").asText().equals("json_schema")) return Optional.empty();
    if (!f.path("json_schema").path("schema").isObject())
      throw invalid("response_format", "json_schema needs a schema object");
    return Optional.of(f.get("json_schema"));
  }

  private static void tools(JsonNode openAi, ObjectNode out, Optional<JsonNode> schema) {
    JsonNode tools = openAi.path("tools");
    if (schema.isPresent()) {
      if (tools.isArray() && !tools.isEmpty())
        throw invalid(
            "response_format",
            "json_schema together with tools is not supported for Anthropic providers");
      JsonNode s = schema.get();
      ObjectNode tool = out.putArray("tools").addObject();
      tool.put("name", s.path("name").asText("json_response"));
      tool.put(
          "description", s.path("description").asText("Respond with data matching this schema."));
      tool.set("input_schema", s.get("schema"));
      out.putObject("tool_choice").put("type", "tool").put("name", tool.get("name").asText());
      return;
    }
    if (!tools.isArray() || tools.isEmpty()) return;
    ArrayNode list = out.putArray("tools");
    for (JsonNode t : tools) {
      JsonNode f = t.path("function");
      if (!t.path("type").asText("function").equals("function") || !f.path("name").isTextual())
        throw invalid("tools", "only function tools with a name are supported");
      ObjectNode tool = list.addObject().put("name", f.get("name").asText());
      if (f.path("description").isTextual()) tool.put("description", f.get("description").asText());
      tool.set(
          "input_schema",
          f.path("parameters").isObject()
              ? f.get("parameters")
              : JSON.createObjectNode().put("type", "object"));
    }
    JsonNode choice = openAi.path("tool_choice");
    ObjectNode c = JSON.createObjectNode();
    if (choice.isTextual())
      switch (choice.asText()) {
        case "auto" -> c.put("type", "auto");
        case "none" -> c.put("type", "none");
        case "required" -> c.put("type", "any");
        default -> throw invalid("tool_choice", "unknown tool_choice '" + choice.asText() + "'");
      }
    else if (choice.isObject())
      c.put("type", "tool").put("name", choice.path("function").path("name").asText());
    if (openAi.path("parallel_tool_calls").isBoolean()
        && !openAi.get("parallel_tool_calls").asBoolean()) {
      if (!c.has("type")) c.put("type", "auto");
      c.put("disable_parallel_tool_use", true);
    }
    if (c.has("type")) out.set("tool_choice", c);
  }

  private static ArrayNode assistant(JsonNode m) {
    ArrayNode blocks =
        m.path("content").isNull() || m.path("content").isMissingNode()
            ? JSON.createArrayNode()
            : blocks(m.get("content"));
    for (JsonNode call : m.path("tool_calls")) {
      ObjectNode use =
          blocks.addObject().put("type", "tool_use").put("id", call.path("id").asText());
      use.put("name", call.path("function").path("name").asText());
      String args = call.path("function").path("arguments").asText("{}");
      try {
        JsonNode input = JSON.readTree(args.isBlank() ? "{}" : args);
        if (input == null || !input.isObject()) throw new IOException("not an object");
        use.set("input", input);
      } catch (IOException e) {
        throw invalid(
            "messages",
            "tool call " + call.path("id").asText() + " has arguments that are not a JSON object");
      }
    }
    return blocks;
  }

  /** A content string or array of parts as Anthropic blocks. */
  private static ArrayNode blocks(JsonNode content) {
    ArrayNode out = JSON.createArrayNode();
    if (content.isTextual()) {
      // Anthropic rejects empty text blocks (an assistant turn with "" beside its tool calls)
      if (!content.asText().isEmpty())
        out.addObject().put("type", "text").put("text", content.asText());
      return out;
    }
    if (!content.isArray())
      throw invalid("messages", "a message content must be a string or an array of parts");
    for (JsonNode part : content) {
      String type = part.path("type").asText();
      if (type.equals("text"))
        out.addObject().put("type", "text").put("text", part.path("text").asText());
      else if (type.equals("image_url"))
        out.add(image(part.path("image_url").path("url").asText()));
      else throw invalid("messages", "unsupported content part '" + type + "'");
    }
    return out;
  }

  private static ObjectNode image(String url) {
    ObjectNode block = JSON.createObjectNode().put("type", "image");
    Matcher m = DATA_URL.matcher(url);
    if (m.matches())
      block
          .putObject("source")
          .put("type", "base64")
          .put("media_type", m.group(1))
          .put("data", m.group(2));
    else if (url.startsWith("https://") || url.startsWith("http://"))
      block.putObject("source").put("type", "url").put("url", url);
    else throw invalid("messages", "an image_url must be a base64 data: URL or an http(s) URL");
    return block;
  }

  private static String text(JsonNode content) {
    if (content.isTextual()) return content.asText();
    StringBuilder sb = new StringBuilder();
    for (JsonNode part : content)
      if (part.path("type").asText().equals("text")) sb.append(part.path("text").asText());
    return sb.toString();
  }

  /** Appends a turn, merging it into the previous one of the same role. */
  private static void append(ArrayNode messages, String role, ArrayNode blocks) {
    JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
    if (last != null && last.path("role").asText().equals(role))
      ((ArrayNode) last.get("content")).addAll(blocks);
    else messages.addObject().put("role", role).set("content", blocks);
  }

  private static GroundedException invalid(String param, String message) {
    return new GroundedException(ErrorCode.INVALID_REQUEST, message, param, null);
  }
}
