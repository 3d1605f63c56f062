package dev.grounded.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grounded.core.GroundedException;
import java.util.List;

/**
 * A validated {@code POST /v1/chat/completions} body. Sampling fields (temperature, top_p,
 * penalties, seed) are checked for range and otherwise have no effect on the extractive answerer.
 */
record ChatRequest(
    String model,
    String question,
    int n,
    Integer maxTokens,
    List<String> stop,
    boolean stream,
    boolean includeUsage,
    String responseFormat,
    String promptText) {
  static final int MAX_N = 8;

  static ChatRequest parse(Body body) {
    String model = body.string("model");
    JsonNode messages = body.get("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty())
      throw GroundedException.invalid("messages", "'messages' must be a non-empty array");
    String question = null;
    StringBuilder prompt = new StringBuilder();
    for (int i = 0; i < messages.size(); i++) {
      JsonNode m = messages.get(i);
      String param = "messages[" + i + "]";
      if (!m.isObject())
        throw GroundedException.invalid(param, "'" + param + "' must be an object");
      JsonNode role = m.get("role");
      if (role == null || !role.isTextual())
        throw GroundedException.invalid(param + ".role", "'" + param + ".role' is required");
      String r = role.textValue();
      if (!List.of("system", "developer", "user", "assistant", "tool").contains(r))
        throw GroundedException.invalid(param + ".role", "unknown role '" + r + "'");
      String text = content(m.get("content"), param + ".content", r);
      prompt.append(text).append('\n');
      if (r.equals("user")) question = text;
    }
    if (question == null || question.isBlank())
      throw GroundedException.invalid("messages", "no user message with text to answer");
    int n = body.integer("n", 1, 1, MAX_N);
    Integer maxTokens = maxTokens(body);
    List<String> stop = body.stringOrStrings("stop", 4);
    boolean stream = body.bool("stream", false);
    boolean includeUsage = false;
    var streamOptions = body.optObject("stream_options");
    if (streamOptions.isPresent()) {
      if (!stream)
        throw GroundedException.invalid(
            "stream_options", "'stream_options' is only allowed when 'stream' is true");
      includeUsage = streamOptions.get().bool("include_usage", false);
    }
    body.optNumber("temperature", 0, 2);
    body.optNumber("top_p", 0, 1);
    body.optNumber("presence_penalty", -2, 2);
    body.optNumber("frequency_penalty", -2, 2);
    body.optString("user");
    body.integer("seed", 0, Integer.MIN_VALUE, Integer.MAX_VALUE);
    if (body.has("tools") || body.has("functions"))
      throw GroundedException.invalid(
          body.has("tools") ? "tools" : "functions",
          "model '" + model + "' answers from documents and does not call tools");
    return new ChatRequest(
        model,
        question,
        n,
        maxTokens,
        stop,
        stream,
        includeUsage,
        responseFormat(body),
        prompt.toString());
  }

  private static Integer maxTokens(Body body) {
    int a = body.integer("max_completion_tokens", -1, 1, 1_000_000);
    int b = body.integer("max_tokens", -1, 1, 1_000_000);
    if (a > 0) return a;
    return b > 0 ? b : null;
  }

  private static String responseFormat(Body body) {
    var rf = body.optObject("response_format");
    if (rf.isEmpty()) return "text";
    String type = rf.get().string("type");
    return switch (type) {
      case "text", "json_object" -> type;
      case "json_schema" ->
          throw GroundedException.invalid(
              "response_format.type",
              "'json_schema' is not supported by document-answering models; use 'json_object'");
      default ->
          throw GroundedException.invalid(
              "response_format.type", "unknown response_format type '" + type + "'");
    };
  }

  /** A message's text: a string, or an array of {@code {"type":"text","text":...}} parts. */
  private static String content(JsonNode content, String param, String role) {
    if (content == null || content.isNull()) {
      if (role.equals("assistant")) return "";
      throw GroundedException.invalid(param, "'" + param + "' is required");
    }
    if (content.isTextual()) return content.textValue();
    if (!content.isArray())
      throw GroundedException.invalid(
          param, "'" + param + "' must be a string or an array of parts");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < content.size(); i++) {
      JsonNode part = content.get(i);
      JsonNode type = part.get("type");
      if (type == null || !"text".equals(type.asText()))
        throw GroundedException.invalid(
            param + "[" + i + "].type", "only text parts are supported, not '" + type + "'");
      JsonNode text = part.get("text");
      if (text == null || !text.isTextual())
        throw GroundedException.invalid(param + "[" + i + "].text", "a text part needs 'text'");
      if (sb.length() > 0) sb.append('\n');
      sb.append(text.textValue());
    }
    return sb.toString();
  }
}
