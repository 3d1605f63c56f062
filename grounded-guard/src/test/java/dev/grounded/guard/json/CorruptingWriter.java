package dev.grounded.guard.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.EnumSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes a JSON value the way a careless model would: each {@link Fix} in {@code allowed} is
 * applied at random places (not every place), and {@link #applied()} says which ones were. Every
 * corruption keeps the value recoverable, so repairing the text must give back an equal value. Also
 * makes random documents to corrupt.
 */
final class CorruptingWriter {
  /** The defects this writer can make; each keeps the value recoverable. */
  static final Set<Fix> KINDS =
      EnumSet.of(
          Fix.CODE_FENCE,
          Fix.SURROUNDING_TEXT,
          Fix.COMMENT,
          Fix.TRAILING_COMMA,
          Fix.SINGLE_QUOTES,
          Fix.SMART_QUOTES,
          Fix.UNQUOTED_KEY,
          Fix.PYTHON_LITERAL,
          Fix.JS_LITERAL,
          Fix.CONTROL_CHARACTER,
          Fix.TRUNCATED);

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
  private static final String[] WORDS = {
    "name",
    "id",
    "tags",
    "value",
    "x",
    "count",
    "it's",
    "say \"hi\"",
    "C:\\dir",
    "two\nlines",
    "tab\there",
    "é",
    "中文",
    "😀",
    "a,b",
    "{[",
    "“smart”",
    "‘single’",
    "",
    " ",
    "\\",
    "//",
    "/*"
  };

  private final Random r;
  private final Set<Fix> allowed;
  private final Set<Fix> applied = EnumSet.noneOf(Fix.class);
  private final StringBuilder out = new StringBuilder();

  CorruptingWriter(Random r, Set<Fix> allowed) {
    this.r = r;
    this.allowed = allowed;
  }

  Set<Fix> applied() {
    return applied;
  }

  /** The corrupted text of {@code value} (an object or array). */
  String write(JsonNode value) {
    if (value.isObject()) object(value); // no comment before the whole value: it would be prose
    else array(value);
    String doc = out.toString();
    if (use(Fix.TRUNCATED)) {
      int cut = doc.length();
      while (cut > 0 && "]} \n".indexOf(doc.charAt(cut - 1)) >= 0) cut--;
      String tail = doc.substring(cut);
      if (tail.contains("}") || tail.contains("]")) doc = doc.substring(0, cut);
      else applied.remove(Fix.TRUNCATED);
    }
    boolean fence = use(Fix.CODE_FENCE);
    if (fence) doc = "```" + (r.nextBoolean() ? "json" : "") + "\n" + doc + "\n```";
    if (use(Fix.SURROUNDING_TEXT) && (fence || !applied.contains(Fix.TRUNCATED))) {
      doc = "Here is the JSON you asked for:\n" + doc + "\nLet me know if you need anything else.";
    } else applied.remove(Fix.SURROUNDING_TEXT);
    return doc;
  }

  private boolean use(Fix f) {
    if (!allowed.contains(f) || !r.nextBoolean()) return false;
    applied.add(f);
    return true;
  }

  private void value(JsonNode v) {
    comment();
    if (v.isObject()) object(v);
    else if (v.isArray()) array(v);
    else if (v.isTextual()) string(v.asText(), false);
    else if (v.isBoolean() && use(Fix.PYTHON_LITERAL)) out.append(v.asBoolean() ? "True" : "False");
    else if (v.isNull() && use(Fix.PYTHON_LITERAL)) out.append("None");
    else if (v.isNull() && use(Fix.JS_LITERAL)) out.append(r.nextBoolean() ? "undefined" : "NaN");
    else out.append(v.toString());
  }

  private void object(JsonNode v) {
    out.append('{');
    boolean first = true;
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      if (!first) out.append(", ");
      first = false;
      comment();
      if (IDENTIFIER.matcher(e.getKey()).matches() && use(Fix.UNQUOTED_KEY)) out.append(e.getKey());
      else string(e.getKey(), true);
      out.append(": ");
      value(e.getValue());
    }
    if (!v.isEmpty() && use(Fix.TRAILING_COMMA)) out.append(',');
    comment();
    out.append('}');
  }

  private void array(JsonNode v) {
    out.append('[');
    for (int i = 0; i < v.size(); i++) {
      if (i > 0) out.append(", ");
      value(v.get(i));
    }
    if (!v.isEmpty() && use(Fix.TRAILING_COMMA)) out.append(',');
    comment();
    out.append(']');
  }

  private void comment() {
    if (use(Fix.COMMENT)) out.append(r.nextBoolean() ? " /* note */ " : " // note\n");
  }

  private void string(String s, boolean key) {
    String escaped = TextNode.valueOf(s).toString(); // "…" with JSON escapes
    String body = escaped.substring(1, escaped.length() - 1);
    if ((s.contains("\n") || s.contains("\t")) && use(Fix.CONTROL_CHARACTER))
      body = body.replace("\\n", "\n").replace("\\t", "\t");
    if (use(Fix.SINGLE_QUOTES)) {
      out.append('\'').append(body.replace("\\\"", "\"").replace("'", "\\'")).append('\'');
    } else if (s.chars().noneMatch(c -> "“”‘’".indexOf(c) >= 0) && use(Fix.SMART_QUOTES)) {
      out.append('“').append(body).append('”');
    } else out.append('"').append(body).append('"');
  }

  /** A random object (mostly) or array, up to four levels deep. */
  static JsonNode document(Random r) {
    return r.nextInt(5) == 0 ? array(r, 0) : object(r, 0);
  }

  private static JsonNode object(Random r, int depth) {
    var o = JsonNodeFactory.instance.objectNode();
    int n = r.nextInt(6);
    for (int i = 0; i < n; i++) o.set(key(r), node(r, depth + 1));
    return o;
  }

  private static JsonNode array(Random r, int depth) {
    var a = JsonNodeFactory.instance.arrayNode();
    int n = r.nextInt(6);
    for (int i = 0; i < n; i++) a.add(node(r, depth + 1));
    return a;
  }

  private static JsonNode node(Random r, int depth) {
    int k = r.nextInt(depth >= 4 ? 6 : 8);
    return switch (k) {
      case 0, 1 -> JsonNodeFactory.instance.textNode(text(r));
      case 2 -> JsonNodeFactory.instance.numberNode(r.nextInt(2001) - 1000);
      case 3 -> JsonNodeFactory.instance.numberNode((r.nextInt(20001) - 10000) / 64.0);
      case 4 -> JsonNodeFactory.instance.booleanNode(r.nextBoolean());
      case 5 -> JsonNodeFactory.instance.nullNode();
      case 6 -> object(r, depth);
      default -> array(r, depth);
    };
  }

  private static String key(Random r) {
    return r.nextInt(3) == 0 ? text(r) : "k" + r.nextInt(50);
  }

  private static String text(Random r) {
    StringBuilder b = new StringBuilder();
    int n = r.nextInt(4);
    for (int i = 0; i < n; i++) b.append(i > 0 ? " " : "").append(WORDS[r.nextInt(WORDS.length)]);
    return b.toString();
  }
}
