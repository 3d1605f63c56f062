package dev.grounded.audit.log;

import java.time.Instant;
import java.util.Objects;

/**
 * A signed statement that the log's chain ended at record {@code seq} with hash {@code hash} at
 * time {@code at}. Checkpoints form a chain of their own ({@code previous} names the checkpoint
 * before, 0 for the first), so removing one is seen too.
 */
public record Checkpoint(
    long seq, Instant at, String hash, long previous, String keyId, String signature) {
  public Checkpoint {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(signature, "signature");
  }

  /** The text that is signed. */
  public static String message(long seq, String hash, Instant at, long previous) {
    return "grounded-audit-checkpoint-v1\n" + seq + "\n" + hash + "\n" + at + "\n" + previous;
  }

  public String message() {
    return message(seq, hash, at, previous);
  }
}
