package dev.grounded.core;

import java.util.Objects;

/**
 * What the guardrails found in a chunk when it was ingested, stored with it so a query does not
 * scan it again.
 *
 * @param by the fingerprint of the detectors that scanned it; a query whose detectors differ scans
 *     again
 * @param findings the findings, encoded by the guard module (empty text: none found)
 * @param untrusted whether its document was marked untrusted at ingest (metadata {@code
 *     trust=untrusted}), or the chunk guard flagged it: it is quoted strictly as data and a policy
 *     may keep it out of answers
 */
public record ChunkScan(String by, String findings, boolean untrusted) {
  /** Not scanned, trusted. */
  public static final ChunkScan NONE = new ChunkScan("", "", false);

  /** The metadata key and value that mark a document untrusted. */
  public static final String TRUST_KEY = "trust";

  public static final String UNTRUSTED = "untrusted";

  public ChunkScan {
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(findings, "findings");
  }

  /** A scan of a trusted chunk. */
  public ChunkScan(String by, String findings) {
    this(by, findings, false);
  }

  public ChunkScan asUntrusted() {
    return untrusted ? this : new ChunkScan(by, findings, true);
  }

  public boolean scanned() {
    return !by.isEmpty();
  }
}
