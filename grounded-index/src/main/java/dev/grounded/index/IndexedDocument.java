package dev.grounded.index;

import dev.grounded.core.Chunk;
import dev.grounded.core.Metadata;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One document as the index stores it: its identity and content hash, its chunks with their
 * embeddings (one vector per chunk, same order), and its metadata, which every chunk carries for
 * {@link Filter}s.
 */
public record IndexedDocument(
    String documentId,
    String source,
    String title,
    String contentHash,
    long version,
    List<Chunk> chunks,
    List<float[]> vectors,
    Map<String, String> metadata) {
  public IndexedDocument {
    Objects.requireNonNull(documentId, "documentId");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(contentHash, "contentHash");
    chunks = List.copyOf(chunks);
    vectors = List.copyOf(vectors);
    metadata = Metadata.copyOf(metadata);
    if (chunks.size() != vectors.size())
      throw new IllegalArgumentException(
          chunks.size() + " chunks but " + vectors.size() + " vectors");
    for (Chunk c : chunks) {
      if (!c.documentId().equals(documentId))
        throw new IllegalArgumentException("chunk " + c.id() + " does not belong to " + documentId);
    }
  }
}
