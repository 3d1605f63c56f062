package dev.grounded.gateway.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.GroundedException;

/**
 * Translates an Anthropic Messages API request ({@code POST /v1/messages}) into the OpenAI chat
 * completions body the chain carries. {@code system} (a string or text blocks) becomes the first,
 * system message; user turns keep their text and image blocks as content parts, and their {@code
 * tool_result} blocks become {@code tool} messages placed before the rest of the turn (OpenAI wants
 * them right after the assistant's tool calls); assistant turns' {@code tool_use} blocks become
 * {@code tool_calls} with JSON-string arguments (thinking blocks are dropped); tools become
 * function tools with {@code input_schema} as their parameters; {@code tool_choice}
 * auto/any/tool/none becomes auto/required/{function}/none, {@code disable_parallel_tool_use}
 * {@code parallel_tool_calls: false}; {@code stop_sequences} → {@code stop}; {@code
 * metadata.user_id} → {@code user}; {@code stream} asks for the usage chunk too. {@code top_k},
 * {@code thinking} and other fields OpenAI cannot express are ignored; what would change the
 * meaning (documents, server tools, images inside tool results) is an {@code invalid_request}.
 */
public final class MessagesRequest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MessagesRequest() {}

  /** The chat completions body for the Messages API request {@code body}. */
  public static ObjectNode toChat(JsonNode body) {
    if (body == null || !body.isObject())
      throw GroundedException.invalid(null, "the request body must be a JSON object");
    ObjectNode out = JSON.createObjectNode();
    JsonNode model = body.get("model");
    if (model == null || !model.isTextual() || model.asText().isBlank())
      throw GroundedException.invalid("model", "model: a non-empty string is required");
    out.put("model", model.asText());
    ArrayNode messages = out.putArray("messages");
    system(body.get("system"), messages);
    JsonNode in = body.get("messages");
    if (in == null || !in.isArray() || in.isEmpty())
      throw GroundedException.invalid("messages", "messages: a non-empty array is required");
    for (int i = 0; i < in.size(); i++) turn(in.get(i), "messages." + i, messages);
    JsonNode max = body.get("max_tokens");
    if (max == null || max.isNull())
      throw GroundedException.invalid("max_tokens", "max_tokens: Field required");
    if (!max.isIntegralNumber() || !max.canConvertToInt() || max.asInt() < 1)
      throw GroundedException.invalid("max_tokens", "max_tokens: must be a positive integer");
    out.put("max_tokens", max.asInt());
    unitNumber(body, "temperature", out);
    unitNumber(body, "top_p", out);
    JsonNode stops = body.get("stop_sequences");
    if (stops != null && !stops.isNull()) {
      if (!stops.isArray())
        throw GroundedException.invalid("stop_sequences", "stop_sequences: must be an array");
      ArrayNode stop = JSON.createArrayNode();
      for (JsonNode s : stops) stop.add(text(s, "stop_sequences"));
      if (!stop.isEmpty()) out.set("stop", stop);
    }
    JsonNode user = body.path("metadata").path("user_id");
    if (user.isTextual() && !user.asText().isEmpty()) out.put("user", user.asText());
    MessagesTools.translate(body, out);
    JsonNode stream = body.get("stream");
    if (stream != null && !stream.isNull() && !stream.isBoolean())
      throw GroundedException.invalid("stream", "stream: must be true or false");
    if (stream != null && stream.asBoolean(false)) {
      out.put("stream", true);
      out.putObject("stream_options").put("include_usage", true);
    }
    return out;
  }

  private static void system(JsonNode system, ArrayNode messages) {
    if (system == null || system.isNull()) return;
    String text;
    if (system.isTextual()) text = system.asText();
    else if (system.isArray()) {
      StringBuilder sb = new StringBuilder();
      for (JsonNode block : system) {
        if (!block.path("type").asText().equals("text"))
          throw GroundedException.invalid("system", "system: only text blocks are supported");
        if (!sb.isEmpty()) sb.append("\n\n");
        sb.append(text(block.get("text"), "system"));
      }
      text = sb.toString();
    } else throw GroundedException.invalid("system", "system: must be a string or text blocks");
    if (!text.isEmpty()) messages.addObject().put("role", "system").put("content", text);
  }

  private static void turn(JsonNode m, String where, ArrayNode messages) {
    String role = m.path("role").asText();
    if (!m.isObject() || !(role.equals("user") || role.equals("assistant")))
      throw GroundedException.invalid(
          where, where + ".role: must be 'user' or 'assistant' (system goes in 'system')");
    JsonNode content = m.get("content");
    if (content != null && content.isTextual()) {
      messages.addObject().put("role", role).put("content", content.asText());
      return;
    }
    if (content == null || !content.isArray())
      throw GroundedException.invalid(where, where + ".content: must be a string or blocks");
    if (role.equals("assistant")) assistant(content, where, messages);
    else user(content, where, messages);
  }

  private static void user(JsonNode blocks, String where, ArrayNode messages) {
    ArrayNode parts = JSON.createArrayNode();
    for (int i = 0; i < blocks.size(); i++) {
      JsonNode b = blocks.get(i);
      String at = where + ".content." + i;
      switch (b.path("type").asText()) {
        case "text" -> parts.addObject().put("type", "text").put("text", text(b.get("text"), at));
        case "image" -> parts.add(image(b.path("source"), at));
        case "tool_result" -> messages.add(toolResult(b, at));
        default -> throw unsupported(b, at);
      }
    }
    if (parts.isEmpty()) return; // a turn of tool results only
    ObjectNode message = messages.addObject().put("role", "user");
    if (parts.size() == 1 && parts.get(0).path("type").asText().equals("text"))
      message.put("content", parts.get(0).get("text").asText());
    else message.set("content", parts);
  }

  private static void assistant(JsonNode blocks, String where, ArrayNode messages) {
    StringBuilder text = new StringBuilder();
    ArrayNode calls = JSON.createArrayNode();
    for (int i = 0; i < blocks.size(); i++) {
      JsonNode b = blocks.get(i);
      String at = where + ".content." + i;
      switch (b.path("type").asText()) {
        case "text" -> text.append(text(b.get("text"), at));
        case "tool_use" -> {
          JsonNode input = b.get("input");
          if (input == null || !input.isObject())
            throw GroundedException.invalid(at, at + ".input: must be an object");
          ObjectNode call = calls.addObject();
          call.put("id", text(b.get("id"), at + ".id")).put("type", "function");
          call.putObject("function")
              .put("name", text(b.get("name"), at + ".name"))
              .put("arguments", input.toString());
        }
        case "thinking", "redacted_thinking" -> {} // the upstream cannot take them back
        default -> throw unsupported(b, at);
      }
    }
    ObjectNode message = messages.addObject().put("role", "assistant");
    if (!text.isEmpty() || calls.isEmpty()) message.put("content", text.toString());
    else message.putNull("content");
    if (!calls.isEmpty()) message.set("tool_calls", calls);
  }

  private static ObjectNode toolResult(JsonNode b, String at) {
    ObjectNode tool = JSON.createObjectNode().put("role", "tool");
    tool.put("tool_call_id", text(b.get("tool_use_id"), at + ".tool_use_id"));
    JsonNode content = b.get("content");
    String text;
    if (content == null || content.isNull()) text = "";
    else if (content.isTextual()) text = content.asText();
    else if (content.isArray()) {
      StringBuilder sb = new StringBuilder();
      for (JsonNode part : content) {
        if (!part.path("type").asText().equals("text"))
          throw GroundedException.invalid(
              at, at + ".content: only text is supported in a tool_result");
        if (!sb.isEmpty()) sb.append("\n\n");
        sb.append(text(part.get("text"), at));
      }
      text = sb.toString();
    } else throw GroundedException.invalid(at, at + ".content: must be a string or text blocks");
    if (b.path("is_error").asBoolean(false)) text = "Error: " + text;
    return tool.put("content", text);
  }

  private static ObjectNode image(JsonNode source, String at) {
    String url =
        switch (source.path("type").asText()) {
          case "base64" ->
              "data:"
                  + text(source.get("media_type"), at + ".source.media_type")
                  + ";base64,"
                  + text(source.get("data"), at + ".source.data");
          case "url" -> text(source.get("url"), at + ".source.url");
          default ->
              throw GroundedException.invalid(
                  at, at + ".source: an image source must be base64 or url");
        };
    ObjectNode part = JSON.createObjectNode().put("type", "image_url");
    part.putObject("image_url").put("url", url);
    return part;
  }

  private static GroundedException unsupported(JsonNode block, String at) {
    return GroundedException.invalid(
        at,
        at
            + ": content blocks of type '"
            + block.path("type").asText()
            + "' are not supported by this gateway");
  }

  static String text(JsonNode node, String at) {
    if (node == null || !node.isTextual())
      throw GroundedException.invalid(at, at + ": a string is required");
    return node.asText();
  }

  private static void unitNumber(JsonNode body, String name, ObjectNode out) {
    JsonNode n = body.get(name);
    if (n == null || n.isNull()) return;
    if (!n.isNumber() || n.asDouble() < 0 || n.asDouble() > 1)
      throw GroundedException.invalid(name, name + ": must be a number from 0 to 1");
    out.set(name, n);
  }
}
