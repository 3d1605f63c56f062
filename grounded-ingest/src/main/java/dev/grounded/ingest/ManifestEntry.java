package dev.grounded.ingest;

import dev.grounded.core.Metadata;
import java.util.Map;
import java.util.Objects;

/**
 * The manifest's row for one document of a collection.
 *
 * @param title the parsed title ({@code ""} for rows written before titles were kept, until the
 *     next ingest of the collection fills it in from the index)
 * @param metadata the document's metadata as indexed, built-in keys included, sorted by key
 */
public record ManifestEntry(
    String documentId,
    String source,
    String title,
    String contentHash,
    long version,
    int chunks,
    long ingestedAtMillis,
    Map<String, String> metadata) {
  public ManifestEntry {
    Objects.requireNonNull(documentId, "documentId");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(contentHash, "contentHash");
    metadata = Metadata.copyOf(metadata);
    if (version < 1) throw new IllegalArgumentException("version starts at 1: " + version);
  }
}
