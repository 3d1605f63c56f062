package dev.grounded.gateway.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.GroundedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A prompt version's definition: chat messages whose contents may hold {@code {{variable}}}
 * placeholders, and an optional model configuration.
 *
 * <p>Stored as JSON: {@code {"messages": [{"role": "system", "content": "…"}, …], "config":
 * {"model": "fast", "temperature": 0.2}}}, or {@code {"text": "…"}} for a single user message. A
 * placeholder is {@code {{name}}} (spaces inside the braces allowed), the name a letter or {@code
 * _} then letters, digits, {@code _ . -}; anything else between braces is left as written.
 * Rendering is one pass: a value containing {@code {{x}}} is not expanded again.
 *
 * @param messages the roles and content templates, in order
 * @param config the model ({@code model}) and request fields ({@code temperature}, {@code
 *     max_tokens}, …) a request using this version gets unless it sets them itself; empty object
 *     for none
 */
public record PromptTemplate(List<Message> messages, ObjectNode config) {
  private static final Pattern VARIABLE =
      Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_.-]*)\\s*\\}\\}");
  private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant");

  /** One message: its role and its content template. */
  public record Message(String role, String content) {
    public Message {
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(content, "content");
    }
  }

  public PromptTemplate {
    messages = List.copyOf(messages);
    config = Objects.requireNonNull(config, "config").deepCopy();
    if (messages.isEmpty()) throw new IllegalArgumentException("a prompt needs a message");
  }

  @Override
  public ObjectNode config() {
    return config.deepCopy();
  }

  /**
   * Reads and checks a stored definition.
   *
   * @throws GroundedException {@code invalid_request} naming the bad field
   */
  public static PromptTemplate of(String name, ObjectNode body) {
    Objects.requireNonNull(body, "body");
    for (var it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!Set.of("messages", "text", "config").contains(f))
        throw GroundedException.invalid(
            f, "prompt '" + name + "': unknown field '" + f + "' (fields: messages, text, config)");
    }
    JsonNode text = body.get("text");
    JsonNode msgs = body.get("messages");
    if ((text == null) == (msgs == null))
      throw GroundedException.invalid(
          "messages", "prompt '" + name + "' needs either 'text' or 'messages', not both");
    List<Message> out = new ArrayList<>();
    if (text != null) {
      if (!text.isTextual() || text.asText().isBlank())
        throw GroundedException.invalid("text", "prompt '" + name + "': 'text' must be text");
      out.add(new Message("user", text.asText()));
    } else {
      if (!msgs.isArray() || msgs.isEmpty())
        throw GroundedException.invalid(
            "messages", "prompt '" + name + "': 'messages' must be a non-empty array");
      for (int i = 0; i < msgs.size(); i++) {
        JsonNode m = msgs.get(i);
        String p = "messages[" + i + "]";
        if (!m.isObject() || !m.path("role").isTextual() || !m.path("content").isTextual())
          throw GroundedException.invalid(
              p, "prompt '" + name + "': " + p + " needs a string 'role' and 'content'");
        String role = m.get("role").asText();
        if (!ROLES.contains(role))
          throw GroundedException.invalid(
              p + ".role",
              "prompt '"
                  + name
                  + "': unknown role '"
                  + role
                  + "' (system, developer, user,"
                  + " assistant)");
        out.add(new Message(role, m.get("content").asText()));
      }
    }
    JsonNode config = body.get("config");
    if (config != null && !config.isObject())
      throw GroundedException.invalid(
          "config", "prompt '" + name + "': 'config' must be an object");
    if (config != null && config.has("model") && !config.get("model").isTextual())
      throw GroundedException.invalid(
          "config.model", "prompt '" + name + "': 'config.model' must be a model name");
    ObjectNode c = config == null ? body.objectNode() : ((ObjectNode) config).deepCopy();
    return new PromptTemplate(out, c);
  }

  /** Every variable the messages use, sorted. */
  public Set<String> variables() {
    Set<String> names = new TreeSet<>();
    for (Message m : messages) {
      Matcher x = VARIABLE.matcher(m.content());
      while (x.find()) names.add(x.group(1));
    }
    return names;
  }

  /**
   * The messages with every placeholder replaced by its value; values the template does not use are
   * ignored.
   *
   * @param ref names the version in the error ({@code name@3})
   * @throws GroundedException {@code invalid_request} (param {@code prompt.variables}) naming the
   *     first variable the template needs and {@code values} lacks
   */
  public List<Message> render(String ref, Map<String, String> values) {
    Set<String> missing = new TreeSet<>(variables());
    missing.removeAll(values.keySet());
    if (!missing.isEmpty())
      throw GroundedException.invalid(
          "prompt.variables",
          "prompt "
              + ref
              + " needs the variable"
              + (missing.size() == 1 ? " '" : "s '")
              + String.join("', '", missing)
              + "'; given: "
              + (values.isEmpty() ? "none" : String.join(", ", new TreeSet<>(values.keySet()))));
    List<Message> out = new ArrayList<>(messages.size());
    for (Message m : messages) {
      Matcher x = VARIABLE.matcher(m.content());
      StringBuilder b = new StringBuilder();
      while (x.find()) x.appendReplacement(b, Matcher.quoteReplacement(values.get(x.group(1))));
      x.appendTail(b);
      out.add(new Message(m.role(), b.toString()));
    }
    return List.copyOf(out);
  }
}
