package dev.grounded.audit.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The one text of a JSON value that is signed: object keys sorted at every level, no whitespace, as
 * Jackson writes strings and numbers. A record that went through any JSON tool that keeps values
 * (reordering keys, indenting) still has the same canonical text.
 */
final class Canonical {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Canonical() {}

  static String text(JsonNode n) {
    return sorted(n).toString();
  }

  private static JsonNode sorted(JsonNode n) {
    if (n.isObject()) {
      List<String> names = new ArrayList<>();
      n.fieldNames().forEachRemaining(names::add);
      Collections.sort(names);
      ObjectNode o = JSON.createObjectNode();
      for (String name : names) o.set(name, sorted(n.get(name)));
      return o;
    }
    if (n.isArray()) {
      ArrayNode a = JSON.createArrayNode();
      for (JsonNode e : n) a.add(sorted(e));
      return a;
    }
    return n;
  }
}
