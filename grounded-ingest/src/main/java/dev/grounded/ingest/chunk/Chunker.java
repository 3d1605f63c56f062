package dev.grounded.ingest.chunk;

import dev.grounded.core.Chunk;
import dev.grounded.ingest.parse.ParsedDocument;
import java.util.List;

/**
 * Cuts a parsed document into chunks for retrieval. Each chunk's text is the exact slice of the
 * document's text at its location, and ordinals run from 0 in document order.
 */
@FunctionalInterface
public interface Chunker {
  List<Chunk> chunk(String documentId, ParsedDocument document);
}
