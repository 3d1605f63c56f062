package dev.grounded.ingest;

import dev.grounded.core.Metadata;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The metadata a document is stored with: what its source gives, plus the built-in keys the source
 * did not give. {@value #FILENAME} is the last segment of {@link SourceDocument#source()}, {@value
 * #FORMAT} its lower-case extension without the dot (absent when it has none).
 */
final class SourceMetadata {
  static final String FILENAME = "filename";
  static final String FORMAT = "format";

  private SourceMetadata() {}

  /** Validated (per {@link Metadata#check}), sorted, unmodifiable. */
  static Map<String, String> of(SourceDocument source) {
    Map<String, String> out = new HashMap<>(builtIn(source.source()));
    out.putAll(Metadata.check(source.metadata()));
    return Metadata.copyOf(out);
  }

  /** The last segment of a path or URL. */
  static String fileName(String source) {
    return source.substring(Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\')) + 1);
  }

  static Map<String, String> builtIn(String source) {
    String name = fileName(source);
    if (name.isEmpty() || name.length() > Metadata.MAX_VALUE_CHARS) return Map.of();
    int dot = name.lastIndexOf('.');
    if (dot <= 0 || dot == name.length() - 1) return Map.of(FILENAME, name);
    return Map.of(FILENAME, name, FORMAT, name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }
}
