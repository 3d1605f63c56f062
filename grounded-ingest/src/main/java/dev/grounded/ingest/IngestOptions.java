package dev.grounded.ingest;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of an ingest run.
 *
 * @param batchChunks chunks gathered across documents before one call to the embedder
 * @param queueDocuments parsed documents waiting for the embedder at most (bounds memory)
 * @param commitEveryDocuments commit after this many written documents
 * @param commitEveryMillis or after this long since the last commit
 * @param lockWait how long a write waits for a collection held by another process's writer before
 *     it fails with {@code conflict} (setting {@code ingest.lock_wait}); writers of this process
 *     queue behind each other without a limit
 */
public record IngestOptions(
    int batchChunks,
    int queueDocuments,
    int commitEveryDocuments,
    long commitEveryMillis,
    Duration lockWait) {
  public static final Duration DEFAULT_LOCK_WAIT = Duration.ofSeconds(30);
  public static final IngestOptions DEFAULTS =
      new IngestOptions(512, 256, 2_000, 10_000, DEFAULT_LOCK_WAIT);

  public IngestOptions {
    if (batchChunks < 1 || queueDocuments < 1 || commitEveryDocuments < 1 || commitEveryMillis < 0)
      throw new IllegalArgumentException("ingest options must be positive");
    Objects.requireNonNull(lockWait, "lockWait");
    if (lockWait.isNegative()) throw new IllegalArgumentException("lockWait must be >= 0");
  }

  /** Options with the default lock wait. */
  public IngestOptions(
      int batchChunks, int queueDocuments, int commitEveryDocuments, long commitEveryMillis) {
    this(batchChunks, queueDocuments, commitEveryDocuments, commitEveryMillis, DEFAULT_LOCK_WAIT);
  }

  public IngestOptions withLockWait(Duration wait) {
    return new IngestOptions(
        batchChunks, queueDocuments, commitEveryDocuments, commitEveryMillis, wait);
  }
}
