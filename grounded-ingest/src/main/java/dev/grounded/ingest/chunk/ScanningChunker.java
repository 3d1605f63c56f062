package dev.grounded.ingest.chunk;

import dev.grounded.core.Chunk;
import dev.grounded.core.ChunkScan;
import dev.grounded.guard.FindingCodec;
import dev.grounded.guard.Guardrails;
import dev.grounded.guard.Source;
import dev.grounded.ingest.parse.ParsedDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Scans every chunk with the guardrails as it is cut (as {@link Source#CHUNK}, what it will be when
 * retrieved) and stores the findings with it, so answers read them instead of scanning again. The
 * chunks themselves are unchanged: the policy is applied when they are retrieved, so a policy
 * change needs no re-ingest.
 */
public final class ScanningChunker implements Chunker {
  private final Chunker inner;
  private final Guardrails guardrails;

  public ScanningChunker(Chunker inner, Guardrails guardrails) {
    this.inner = Objects.requireNonNull(inner, "inner");
    this.guardrails = Objects.requireNonNull(guardrails, "guardrails");
  }

  @Override
  public List<Chunk> chunk(String documentId, ParsedDocument document) {
    List<Chunk> chunks = inner.chunk(documentId, document);
    if (guardrails.isEmpty()) return chunks;
    List<Chunk> scanned = new ArrayList<>(chunks.size());
    for (Chunk c : chunks)
      scanned.add(
          c.withScan(
              new ChunkScan(
                  guardrails.fingerprint(),
                  FindingCodec.encode(guardrails.scan(c.text(), Source.CHUNK)))));
    return scanned;
  }
}
