package dev.grounded.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grounded.core.GroundedException;
import dev.grounded.index.Filter;
import dev.grounded.index.SearchMode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The retrieval fields shared by search and ask: {@code mode}, {@code k}, {@code filter}. */
record SearchParams(SearchMode mode, int k, Filter filter) {
  static final int MAX_K = 100;

  static SearchParams parse(Body body, int defaultK) {
    SearchMode mode = SearchMode.HYBRID;
    var m = body.optString("mode");
    if (m.isPresent()) {
      mode = null;
      for (SearchMode candidate : SearchMode.values())
        if (candidate.wireName().equals(m.get())) mode = candidate;
      if (mode == null)
        throw GroundedException.invalid(
            "mode", "unknown mode '" + m.get() + "': use hybrid, bm25 or dense");
    }
    int k = body.integer("k", defaultK, 1, MAX_K);
    return new SearchParams(mode, k, filter(body));
  }

  /** {@code {"key": "value"}} or {@code {"key": ["a", "b"]}}: any listed value, keys ANDed. */
  private static Filter filter(Body body) {
    JsonNode f = body.get("filter");
    if (f == null || f.isNull()) return Filter.NONE;
    if (!f.isObject())
      throw GroundedException.invalid("filter", "'filter' must be an object of key: value(s)");
    Map<String, List<String>> anyOf = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = f.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      List<String> values = new ArrayList<>();
      JsonNode v = e.getValue();
      if (v.isValueNode() && !v.isNull()) values.add(v.asText());
      else if (v.isArray() && !v.isEmpty()) {
        for (JsonNode item : v) {
          if (!item.isValueNode() || item.isNull()) throw badValue(e.getKey());
          values.add(item.asText());
        }
      } else throw badValue(e.getKey());
      anyOf.put(e.getKey(), values);
    }
    return new Filter(anyOf);
  }

  private static GroundedException badValue(String key) {
    return GroundedException.invalid(
        "filter." + key, "'filter." + key + "' must be a value or a non-empty array of values");
  }
}
