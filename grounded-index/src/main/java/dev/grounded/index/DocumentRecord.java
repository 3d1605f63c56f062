package dev.grounded.index;

import java.util.Objects;

/** What the index knows of a stored document: identity, content hash, version and chunk count. */
public record DocumentRecord(
    String documentId, String source, String title, String contentHash, long version, int chunks) {
  public DocumentRecord {
    Objects.requireNonNull(documentId, "documentId");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(contentHash, "contentHash");
  }
}
