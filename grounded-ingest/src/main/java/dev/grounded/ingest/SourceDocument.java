package dev.grounded.ingest;

import dev.grounded.ingest.parse.ParsedDocument;

/**
 * Something to ingest: a file, or a record of a data set. The id is stable across runs (it decides
 * which stored document a source replaces); the content hash decides whether anything changed.
 */
public interface SourceDocument {
  String documentId();

  /** Where it came from, as shown to users (a path, a URL, a data set id). */
  String source();

  /** Hash of the content, computed cheaply without parsing. */
  String contentHash();

  /** Parses the content; throws {@link dev.grounded.core.GroundedException} when it cannot. */
  ParsedDocument parse();
}
