package dev.grounded.gateway.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Converts between a streamed answer and a whole one: {@link #assemble} turns the {@code
 * chat.completion.chunk} events of a stream that ended well into the {@code chat.completion} it
 * stands for (content, refusal and tool-call arguments concatenated per choice), so it can be
 * cached; {@link #chunks} turns a cached completion back into the events a streaming client
 * expects.
 */
final class StreamedAnswer {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StreamedAnswer() {}

  /** One choice being assembled. */
  private static final class Choice {
    String role = "assistant";
    final StringBuilder content = new StringBuilder();
    StringBuilder refusal;
    final TreeMap<Integer, ObjectNode> toolCalls = new TreeMap<>();
    String finish;
  }

  /**
   * The completion the chunks add up to; empty when they do not make a whole answer (no chunk, a
   * choice without a finish reason, an unparseable chunk).
   */
  static Optional<ObjectNode> assemble(List<String> chunks) {
    if (chunks.isEmpty()) return Optional.empty();
    TreeMap<Integer, Choice> choices = new TreeMap<>();
    ObjectNode head = null;
    JsonNode usage = null;
    try {
      for (String raw : chunks) {
        JsonNode c = JSON.readTree(raw);
        if (!c.isObject()) return Optional.empty();
        if (head == null) head = (ObjectNode) c;
        if (c.hasNonNull("usage")) usage = c.get("usage");
        for (JsonNode ch : c.path("choices")) {
          Choice a = choices.computeIfAbsent(ch.path("index").asInt(0), i -> new Choice());
          JsonNode d = ch.path("delta");
          if (d.path("role").isTextual()) a.role = d.get("role").asText();
          if (d.path("content").isTextual()) a.content.append(d.get("content").asText());
          if (d.path("refusal").isTextual()) {
            if (a.refusal == null) a.refusal = new StringBuilder();
            a.refusal.append(d.get("refusal").asText());
          }
          for (JsonNode t : d.path("tool_calls")) toolCall(a, t);
          if (ch.path("finish_reason").isTextual()) a.finish = ch.get("finish_reason").asText();
        }
      }
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
    if (choices.isEmpty()) return Optional.empty();
    ObjectNode out = JSON.createObjectNode();
    out.set("id", head.path("id").deepCopy());
    out.put("object", "chat.completion");
    out.set("created", head.path("created").deepCopy());
    out.set("model", head.path("model").deepCopy());
    if (head.has("system_fingerprint"))
      out.set("system_fingerprint", head.get("system_fingerprint"));
    ArrayNode arr = out.putArray("choices");
    for (var e : choices.entrySet()) {
      Choice a = e.getValue();
      if (a.finish == null) return Optional.empty();
      ObjectNode ch = arr.addObject();
      ch.put("index", e.getKey());
      ObjectNode msg = ch.putObject("message");
      msg.put("role", a.role);
      if (a.content.isEmpty() && !a.toolCalls.isEmpty()) msg.putNull("content");
      else msg.put("content", a.content.toString());
      if (a.refusal != null) msg.put("refusal", a.refusal.toString());
      if (!a.toolCalls.isEmpty()) {
        ArrayNode calls = msg.putArray("tool_calls");
        a.toolCalls.values().forEach(calls::add);
      }
      ch.put("finish_reason", a.finish);
    }
    if (usage != null) out.set("usage", usage.deepCopy());
    return Optional.of(out);
  }

  private static void toolCall(Choice a, JsonNode t) {
    ObjectNode call =
        a.toolCalls.computeIfAbsent(
            t.path("index").asInt(0),
            i -> {
              ObjectNode n = JSON.createObjectNode();
              n.put("id", "").put("type", "function");
              n.putObject("function").put("name", "").put("arguments", "");
              return n;
            });
    if (t.path("id").isTextual()) call.put("id", t.get("id").asText());
    if (t.path("type").isTextual()) call.put("type", t.get("type").asText());
    ObjectNode f = (ObjectNode) call.get("function");
    JsonNode tf = t.path("function");
    if (tf.path("name").isTextual())
      f.put("name", f.get("name").asText() + tf.get("name").asText());
    if (tf.path("arguments").isTextual())
      f.put("arguments", f.get("arguments").asText() + tf.get("arguments").asText());
  }

  /**
   * The events that stream {@code completion}: per choice one with the role and the whole message
   * (content, refusal, tool calls), one with its finish reason; then, if {@code includeUsage} (the
   * request's {@code stream_options.include_usage}), one with the usage and no choices, as OpenAI
   * sends it.
   */
  static List<String> chunks(ObjectNode completion, boolean includeUsage) {
    List<String> out = new ArrayList<>();
    for (JsonNode ch : completion.path("choices")) {
      JsonNode msg = ch.path("message");
      ObjectNode delta = JSON.createObjectNode();
      delta.put("role", msg.path("role").asText("assistant"));
      for (String f : new String[] {"content", "refusal"})
        if (msg.path(f).isTextual()) delta.set(f, msg.get(f));
      if (msg.path("tool_calls").isArray()) {
        ArrayNode calls = delta.putArray("tool_calls");
        int i = 0;
        for (JsonNode call : msg.get("tool_calls"))
          calls.add(((ObjectNode) call.deepCopy()).put("index", i++));
      }
      out.add(chunk(completion, ch.path("index").asInt(0), delta, null).toString());
      out.add(
          chunk(
                  completion,
                  ch.path("index").asInt(0),
                  JSON.createObjectNode(),
                  ch.path("finish_reason"))
              .toString());
    }
    if (includeUsage && completion.has("usage")) {
      ObjectNode last = chunk(completion, -1, null, null);
      last.set("usage", completion.get("usage"));
      out.add(last.toString());
    }
    return out;
  }

  private static ObjectNode chunk(
      ObjectNode completion, int index, ObjectNode delta, JsonNode finish) {
    ObjectNode c = JSON.createObjectNode();
    c.set("id", completion.path("id").deepCopy());
    c.put("object", "chat.completion.chunk");
    c.set("created", completion.path("created").deepCopy());
    c.set("model", completion.path("model").deepCopy());
    if (completion.has("system_fingerprint"))
      c.set("system_fingerprint", completion.get("system_fingerprint"));
    ArrayNode choices = c.putArray("choices");
    if (index >= 0) {
      ObjectNode ch = choices.addObject();
      ch.put("index", index);
      ch.set("delta", delta);
      if (finish == null || finish.isNull() || finish.isMissingNode()) ch.putNull("finish_reason");
      else ch.set("finish_reason", finish);
    }
    return c;
  }
}
