package dev.grounded.gateway.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.GroundedException;

/**
 * A Messages API request's {@code tools} and {@code tool_choice} in OpenAI's terms: client tools
 * ({@code name}, {@code description}, {@code input_schema}) become function tools; Anthropic's
 * server tools (web search, code execution, bash…) cannot run behind another vendor and are an
 * {@code invalid_request}.
 */
final class MessagesTools {
  private MessagesTools() {}

  static void translate(JsonNode body, ObjectNode out) {
    JsonNode tools = body.get("tools");
    if (tools == null || tools.isNull()) return;
    if (!tools.isArray()) throw GroundedException.invalid("tools", "tools: must be an array");
    if (tools.isEmpty()) return;
    ArrayNode functions = out.putArray("tools");
    for (int i = 0; i < tools.size(); i++) {
      JsonNode t = tools.get(i);
      String at = "tools." + i;
      String type = t.path("type").asText("custom");
      if (!type.equals("custom"))
        throw GroundedException.invalid(
            at, at + ": server tools ('" + type + "') are not supported by this gateway");
      JsonNode schema = t.get("input_schema");
      if (schema == null || !schema.isObject())
        throw GroundedException.invalid(at, at + ".input_schema: an object is required");
      ObjectNode f = functions.addObject().put("type", "function").putObject("function");
      f.put("name", MessagesRequest.text(t.get("name"), at + ".name"));
      if (t.path("description").isTextual()) f.put("description", t.get("description").asText());
      f.set("parameters", schema);
    }
    choice(body.get("tool_choice"), out);
  }

  private static void choice(JsonNode choice, ObjectNode out) {
    if (choice == null || choice.isNull()) return;
    if (!choice.isObject())
      throw GroundedException.invalid("tool_choice", "tool_choice: must be an object");
    switch (choice.path("type").asText()) {
      case "auto" -> out.put("tool_choice", "auto");
      case "any" -> out.put("tool_choice", "required");
      case "none" -> out.put("tool_choice", "none");
      case "tool" ->
          out.putObject("tool_choice")
              .put("type", "function")
              .putObject("function")
              .put("name", MessagesRequest.text(choice.get("name"), "tool_choice.name"));
      default ->
          throw GroundedException.invalid(
              "tool_choice", "tool_choice.type: must be auto, any, tool or none");
    }
    if (choice.path("disable_parallel_tool_use").asBoolean(false))
      out.put("parallel_tool_calls", false);
  }
}
