package dev.grounded.core;

import java.util.Objects;

/**
 * What the guardrails found in a chunk when it was ingested, stored with it so a query does not
 * scan it again.
 *
 * @param by the fingerprint of the detectors that scanned it; a query whose detectors differ scans
 *     again
 * @param findings the findings, encoded by the guard module (empty text: none found)
 */
public record ChunkScan(String by, String findings) {
  /** Not scanned. */
  public static final ChunkScan NONE = new ChunkScan("", "");

  public ChunkScan {
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(findings, "findings");
  }

  public boolean scanned() {
    return !by.isEmpty();
  }
}
