package dev.grounded.ingest;

import java.util.Objects;

/** The manifest's row for one document of a collection. */
public record ManifestEntry(
    String documentId,
    String source,
    String contentHash,
    long version,
    int chunks,
    long ingestedAtMillis) {
  public ManifestEntry {
    Objects.requireNonNull(documentId, "documentId");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(contentHash, "contentHash");
    if (version < 1) throw new IllegalArgumentException("version starts at 1: " + version);
  }
}
