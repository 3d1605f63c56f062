package dev.grounded.index;

import dev.grounded.core.Metadata;
import java.util.Map;
import java.util.Objects;

/**
 * What the index knows of a stored document: identity, content hash, version, chunk count and
 * metadata (sorted by key).
 */
public record DocumentRecord(
    String documentId,
    String source,
    String title,
    String contentHash,
    long version,
    int chunks,
    Map<String, String> metadata) {
  public DocumentRecord {
    Objects.requireNonNull(documentId, "documentId");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(contentHash, "contentHash");
    metadata = Metadata.copyOf(metadata);
  }
}
