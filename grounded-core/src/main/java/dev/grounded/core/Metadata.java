package dev.grounded.core;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The one place where document metadata is validated: string pairs a caller attaches to a document
 * and later filters searches by. Keys are 1-64 of {@code [A-Za-z0-9_.-]}, values at most {@value
 * #MAX_VALUE_CHARS} characters, at most {@value #MAX_ENTRIES} pairs per document. The key {@value
 * #DOCUMENT_ID} is reserved: filters use it for the document's id.
 *
 * <p>Maps returned here are unmodifiable and sorted by key, so they serialize the same every time.
 */
public final class Metadata {
  public static final int MAX_ENTRIES = 32;
  public static final int MAX_VALUE_CHARS = 1024;

  /** The filter key that matches a document's id; no document may use it as a metadata key. */
  public static final String DOCUMENT_ID = "document_id";

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private Metadata() {}

  /** True when {@code key} is a well-formed metadata key (reserved keys included). */
  public static boolean isValidKey(String key) {
    return key != null && KEY.matcher(key).matches();
  }

  /**
   * Validates metadata given by a caller (an upload, a source) and returns a sorted, unmodifiable
   * copy; fails with {@code invalid_request} on parameter {@code metadata}, naming the bad key.
   */
  public static Map<String, String> check(Map<String, String> metadata) {
    Objects.requireNonNull(metadata, "metadata");
    if (metadata.size() > MAX_ENTRIES)
      throw GroundedException.invalid(
          "metadata",
          "too many metadata entries: " + metadata.size() + " (at most " + MAX_ENTRIES + ")");
    for (String key : metadata.keySet()) {
      if (DOCUMENT_ID.equals(key))
        throw GroundedException.invalid(
            "metadata", "metadata key '" + DOCUMENT_ID + "' is reserved for the document's id");
    }
    return copyOf(metadata);
  }

  /**
   * A sorted, unmodifiable copy with every key and value checked but no limit on the number of
   * entries: for metadata already accepted, plus the built-in keys the ingest adds to it.
   */
  public static Map<String, String> copyOf(Map<String, String> metadata) {
    Objects.requireNonNull(metadata, "metadata");
    SortedMap<String, String> sorted = new TreeMap<>();
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      checkEntry(e.getKey(), e.getValue());
      sorted.put(e.getKey(), e.getValue());
    }
    return Collections.unmodifiableSortedMap(sorted);
  }

  private static void checkEntry(String key, String value) {
    if (!isValidKey(key))
      throw GroundedException.invalid(
          "metadata",
          "invalid metadata key '" + key + "': use 1-64 letters, digits, '_', '.' or '-'");
    if (value == null)
      throw GroundedException.invalid("metadata", "metadata key '" + key + "' has no value");
    if (value.length() > MAX_VALUE_CHARS)
      throw GroundedException.invalid(
          "metadata",
          "metadata value of '"
              + key
              + "' is "
              + value.length()
              + " characters long (at most "
              + MAX_VALUE_CHARS
              + ")");
  }
}
