package dev.grounded.core;

import java.util.Objects;

/**
 * A retrievable piece of a document. {@code text} is the exact slice of the document's extracted
 * text at {@link Location#start()}..{@link Location#end()}, so quotes taken from it can be checked
 * against the source.
 *
 * @param documentId stable id of the document (derived from its source path within a collection)
 * @param source where the document came from (a path or URL as given at ingest)
 * @param ordinal position of this chunk within its document, from 0
 * @param text the chunk's text
 * @param location page, section and character range
 * @param scan what the guardrails found in it at ingest ({@link ChunkScan#NONE}: not scanned)
 */
public record Chunk(
    String documentId, String source, int ordinal, String text, Location location, ChunkScan scan) {
  /** A chunk not scanned by the guardrails. */
  public Chunk(String documentId, String source, int ordinal, String text, Location location) {
    this(documentId, source, ordinal, text, location, ChunkScan.NONE);
  }

  public Chunk {
    Objects.requireNonNull(scan, "scan");
    Objects.requireNonNull(documentId, "documentId");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(location, "location");
    if (ordinal < 0) throw new IllegalArgumentException("ordinal must be >= 0: " + ordinal);
  }

  /** The same chunk with what the guardrails found in it. */
  public Chunk withScan(ChunkScan s) {
    return new Chunk(documentId, source, ordinal, text, location, s);
  }

  /**
   * The same chunk with another text (a redaction): its stored findings dropped, its trust kept.
   */
  public Chunk withText(String newText) {
    return new Chunk(
        documentId, source, ordinal, newText, location, new ChunkScan("", "", scan.untrusted()));
  }

  /** Unique id of the chunk within its collection. */
  public String id() {
    return documentId + "#" + ordinal;
  }

  /**
   * The text given to the embedder and the BM25 field: the section's heading path, then the chunk.
   * Headings give a short chunk the context its own words lack.
   */
  public String contextualText() {
    if (location.headings().isEmpty()) return text;
    return String.join(" > ", location.headings()) + "\n" + text;
  }
}
