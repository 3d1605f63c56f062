package dev.grounded.ingest.chunk;

import dev.grounded.core.Chunk;
import dev.grounded.core.ChunkScan;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.guard.Action;
import dev.grounded.guard.Finding;
import dev.grounded.guard.FindingCodec;
import dev.grounded.guard.GuardScope;
import dev.grounded.guard.Guardrails;
import dev.grounded.guard.Source;
import dev.grounded.guard.Verdict;
import dev.grounded.ingest.parse.ParsedDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Scans every chunk with the guardrails as it is cut (as {@link Source#CHUNK}, what it will be when
 * retrieved) and stores the findings with it, so answers read them instead of scanning again; the
 * policy for retrieved chunks is applied when they are retrieved, so changing it needs no
 * re-ingest.
 *
 * <p>The same findings also go through the policy for {@link Source#DOCUMENT} (rules whose {@code
 * sources} name {@code document}; none of the built-in ones do): a redaction replaces the spans in
 * the stored chunk (its text then differs from the source file by the placeholders), a block
 * refuses the whole document (the ingest reports it as failed with the findings' types). Rules that
 * name tenants or models do not apply at ingest.
 */
public final class ScanningChunker implements Chunker {
  /** The scope document rules are decided in: no tenant, no model. */
  static final GuardScope INGEST = new GuardScope("*", "ingest");

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
    for (Chunk c : chunks) {
      List<Finding> found = guardrails.scan(c.text(), Source.CHUNK);
      Verdict v = guardrails.decide(c.text(), found, Source.DOCUMENT, INGEST);
      if (v.blocked())
        throw new GroundedException(
            ErrorCode.GUARD_BLOCKED,
            document.source()
                + ": refused by the guardrails' document policy: "
                + String.join(", ", v.typesWith(Action.BLOCK)),
            null,
            null);
      if (v.action() == Action.REDACT) {
        // what is stored is the redacted text: scan it again so stored spans match it
        Chunk redacted = c.withText(v.text());
        scanned.add(
            redacted.withScan(
                new ChunkScan(
                    guardrails.fingerprint(),
                    FindingCodec.encode(guardrails.scan(redacted.text(), Source.CHUNK)))));
      } else
        scanned.add(
            c.withScan(new ChunkScan(guardrails.fingerprint(), FindingCodec.encode(found))));
    }
    return scanned;
  }
}
