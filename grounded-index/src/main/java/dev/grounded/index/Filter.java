package dev.grounded.index;

import dev.grounded.core.GroundedException;
import dev.grounded.core.Metadata;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Restricts a search to chunks whose document metadata matches: for every key, the value must be
 * one of those listed; keys are ANDed. The key {@value Metadata#DOCUMENT_ID} matches the document's
 * id. An empty filter matches everything.
 *
 * @param anyOf per metadata key, the accepted values (at least one each)
 */
public record Filter(Map<String, List<String>> anyOf) {
  /** At most this many keys, and at most this many values per key. */
  public static final int MAX_KEYS = Metadata.MAX_ENTRIES;

  public static final int MAX_VALUES = 1024;

  /** Matches every chunk. */
  public static final Filter NONE = new Filter(Map.of());

  public Filter {
    Objects.requireNonNull(anyOf, "anyOf");
    if (anyOf.size() > MAX_KEYS)
      throw GroundedException.invalid(
          "filter", "too many filter keys: " + anyOf.size() + " (at most " + MAX_KEYS + ")");
    SortedMap<String, List<String>> copy = new TreeMap<>();
    for (Map.Entry<String, List<String>> e : anyOf.entrySet()) {
      copy.put(checkKey(e.getKey()), checkValues(e.getKey(), e.getValue()));
    }
    anyOf = Collections.unmodifiableSortedMap(copy);
  }

  /** A filter on one key. */
  public static Filter of(String key, String... values) {
    return NONE.and(key, values);
  }

  /** This filter with one more key, replacing that key's values if it had any. */
  public Filter and(String key, String... values) {
    Map<String, List<String>> more = new TreeMap<>(anyOf);
    more.put(key, List.of(values));
    return new Filter(more);
  }

  public boolean isEmpty() {
    return anyOf.isEmpty();
  }

  private static String checkKey(String key) {
    if (!Metadata.isValidKey(key))
      throw GroundedException.invalid(
          "filter", "invalid filter key '" + key + "': use 1-64 letters, digits, '_', '.' or '-'");
    return key;
  }

  private static List<String> checkValues(String key, List<String> values) {
    if (values == null || values.isEmpty())
      throw GroundedException.invalid("filter", "filter key '" + key + "' lists no values");
    if (values.size() > MAX_VALUES)
      throw GroundedException.invalid(
          "filter",
          "filter key '"
              + key
              + "' lists "
              + values.size()
              + " values (at most "
              + MAX_VALUES
              + ")");
    for (String v : values) {
      if (v == null)
        throw GroundedException.invalid("filter", "filter key '" + key + "' lists a null value");
    }
    return List.copyOf(values);
  }
}
