package dev.grounded.ingest.chunk;

import dev.grounded.core.Chunk;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.ingest.parse.ParsedDocument;
import java.util.List;
import java.util.Objects;

/**
 * Refuses a document that another chunker cuts into more than {@code maxChunks} chunks, with {@code
 * PAYLOAD_TOO_LARGE} naming the document and the setting {@code ingest.max_chunks}: every chunk is
 * embedded, so the count bounds what one document costs downstream. Thread-safe if the chunker it
 * wraps is.
 */
public final class BoundedChunker implements Chunker {
  private final Chunker chunker;
  private final int maxChunks;

  public BoundedChunker(Chunker chunker, int maxChunks) {
    this.chunker = Objects.requireNonNull(chunker, "chunker");
    if (maxChunks < 1) throw new IllegalArgumentException("maxChunks must be >= 1: " + maxChunks);
    this.maxChunks = maxChunks;
  }

  @Override
  public List<Chunk> chunk(String documentId, ParsedDocument document) {
    List<Chunk> chunks = chunker.chunk(documentId, document);
    if (chunks.size() > maxChunks) {
      throw new GroundedException(
          ErrorCode.PAYLOAD_TOO_LARGE,
          document.source()
              + ": the document makes "
              + chunks.size()
              + " chunks, more than the limit of "
              + maxChunks
              + " (ingest.max_chunks)");
    }
    return chunks;
  }
}
