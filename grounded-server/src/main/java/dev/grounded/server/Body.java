package dev.grounded.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.GroundedException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A JSON request object with typed, validated field access. Every error names the offending field
 * as OpenAI's {@code param} (nested fields as {@code a.b}).
 */
final class Body {
  private final ObjectNode node;
  private final String prefix;

  Body(ObjectNode node, String prefix) {
    this.node = node;
    this.prefix = prefix;
  }

  ObjectNode node() {
    return node;
  }

  String param(String field) {
    return prefix + field;
  }

  boolean has(String field) {
    JsonNode v = node.get(field);
    return v != null && !v.isNull();
  }

  JsonNode get(String field) {
    return node.get(field);
  }

  String string(String field) {
    return optString(field)
        .orElseThrow(
            () -> GroundedException.invalid(param(field), "'" + param(field) + "' is required"));
  }

  Optional<String> optString(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) return Optional.empty();
    if (!v.isTextual()) throw wrongType(field, "a string");
    return Optional.of(v.textValue());
  }

  int integer(String field, int fallback, int min, int max) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) return fallback;
    if (!v.isIntegralNumber() || !v.canConvertToInt()) throw wrongType(field, "an integer");
    int i = v.intValue();
    if (i < min || i > max)
      throw GroundedException.invalid(
          param(field), "'" + param(field) + "' must be between " + min + " and " + max + ": " + i);
    return i;
  }

  Optional<Double> optNumber(String field, double min, double max) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) return Optional.empty();
    if (!v.isNumber()) throw wrongType(field, "a number");
    double d = v.doubleValue();
    if (d < min || d > max)
      throw GroundedException.invalid(
          param(field), "'" + param(field) + "' must be between " + min + " and " + max + ": " + d);
    return Optional.of(d);
  }

  boolean bool(String field, boolean fallback) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) return fallback;
    if (!v.isBoolean()) throw wrongType(field, "a boolean");
    return v.booleanValue();
  }

  Optional<Body> optObject(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) return Optional.empty();
    if (!v.isObject()) throw wrongType(field, "an object");
    return Optional.of(new Body((ObjectNode) v, param(field) + "."));
  }

  /** A string or an array of strings, as a list (OpenAI's {@code stop}, {@code input}). */
  List<String> stringOrStrings(String field, int maxItems) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) return List.of();
    if (v.isTextual()) return List.of(v.textValue());
    if (!v.isArray()) throw wrongType(field, "a string or an array of strings");
    if (v.size() > maxItems)
      throw GroundedException.invalid(
          param(field), "'" + param(field) + "' has " + v.size() + " items; at most " + maxItems);
    List<String> out = new ArrayList<>(v.size());
    for (JsonNode item : v) {
      if (!item.isTextual()) throw wrongType(field, "a string or an array of strings");
      out.add(item.textValue());
    }
    return out;
  }

  /** An object of string values (metadata). */
  Map<String, String> stringMap(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) return Map.of();
    if (!v.isObject()) throw wrongType(field, "an object of strings");
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode value = e.getValue();
      if (!value.isTextual() && !value.isNumber() && !value.isBoolean())
        throw GroundedException.invalid(
            param(field) + "." + e.getKey(),
            "'" + param(field) + "." + e.getKey() + "' must be a string, number or boolean");
      out.put(e.getKey(), value.asText());
    }
    return out;
  }

  GroundedException wrongType(String field, String expected) {
    return GroundedException.invalid(param(field), "'" + param(field) + "' must be " + expected);
  }
}
