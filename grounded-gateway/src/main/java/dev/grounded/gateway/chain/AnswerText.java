package dev.grounded.gateway.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The text of an answer, whole or streamed: each choice's content (or refusal), and its tool calls
 * as lines of the tool's name and its arguments, choices in index order separated by blank lines.
 * What is hashed and kept of an answer by the audit log.
 */
public final class AnswerText {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<Integer, StringBuilder> choices = new TreeMap<>();

  /** The text of a whole {@code chat.completion}. */
  public static String of(JsonNode completion) {
    AnswerText t = new AnswerText();
    for (JsonNode c : completion.path("choices")) t.add(c.path("index").asInt(), c.path("message"));
    return t.text();
  }

  /** Adds a {@code chat.completion.chunk} of a stream; a payload that is not JSON is skipped. */
  public void addChunk(String payload) {
    JsonNode chunk;
    try {
      chunk = JSON.readTree(payload);
    } catch (java.io.IOException e) {
      return;
    }
    if (chunk == null) return;
    for (JsonNode c : chunk.path("choices")) add(c.path("index").asInt(), c.path("delta"));
  }

  private void add(int index, JsonNode message) {
    StringBuilder b = choices.computeIfAbsent(index, i -> new StringBuilder());
    text(message, "content").or(() -> text(message, "refusal")).ifPresent(b::append);
    for (JsonNode call : message.path("tool_calls")) {
      JsonNode f = call.path("function");
      text(f, "name").ifPresent(n -> b.append(b.isEmpty() ? "" : "\n").append(n).append(' '));
      text(f, "arguments").ifPresent(b::append);
    }
  }

  private static Optional<String> text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v != null && v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
  }

  /** The text so far. */
  public String text() {
    StringBuilder out = new StringBuilder();
    for (StringBuilder b : choices.values()) {
      if (!out.isEmpty()) out.append("\n\n");
      out.append(b);
    }
    return out.toString();
  }
}
