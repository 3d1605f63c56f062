package dev.grounded.ingest;

/**
 * Tuning of an ingest run.
 *
 * @param batchChunks chunks gathered across documents before one call to the embedder
 * @param queueDocuments parsed documents waiting for the embedder at most (bounds memory)
 * @param commitEveryDocuments commit after this many written documents
 * @param commitEveryMillis or after this long since the last commit
 */
public record IngestOptions(
    int batchChunks, int queueDocuments, int commitEveryDocuments, long commitEveryMillis) {
  public static final IngestOptions DEFAULTS = new IngestOptions(512, 256, 2_000, 10_000);

  public IngestOptions {
    if (batchChunks < 1 || queueDocuments < 1 || commitEveryDocuments < 1 || commitEveryMillis < 0)
      throw new IllegalArgumentException("ingest options must be positive");
  }
}
