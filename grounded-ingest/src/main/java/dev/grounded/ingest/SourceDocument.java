package dev.grounded.ingest;

import dev.grounded.ingest.parse.ParsedDocument;
import java.util.Map;

/**
 * Something to ingest: a file, an upload, or a record of a data set. The id is stable across runs
 * (it decides which stored document a source replaces); the content hash and the metadata decide
 * whether anything changed.
 */
public interface SourceDocument {
  String documentId();

  /** Where it came from, as shown to users (a path, a URL, a file name, a data set id). */
  String source();

  /** Hash of the content, computed cheaply without parsing. */
  String contentHash();

  /** Parses the content; throws {@link dev.grounded.core.GroundedException} when it cannot. */
  ParsedDocument parse();

  /**
   * Metadata to store with the document and filter searches by, valid per {@link
   * dev.grounded.core.Metadata}. The ingest adds the built-in keys {@code filename} and {@code
   * format} (derived from {@link #source()}) unless given here.
   */
  default Map<String, String> metadata() {
    return Map.of();
  }
}
