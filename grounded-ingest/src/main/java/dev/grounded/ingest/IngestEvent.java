package dev.grounded.ingest;

/**
 * What an ingest reports as it goes; a listener turns these into progress bars, logs or metrics.
 */
public sealed interface IngestEvent {
  /** The sources are known: {@code total} of them. */
  record Started(int total) implements IngestEvent {}

  /** A source was unchanged since the last ingest: nothing to do. */
  record Skipped(String source) implements IngestEvent {}

  /** A source was parsed, chunked, embedded and written (not yet committed). */
  record Indexed(String source, int chunks) implements IngestEvent {}

  /** A source could not be ingested; the others go on. */
  record Failed(String source, String reason) implements IngestEvent {}

  /** A commit made {@code documents} more documents durable. */
  record Committed(int documents) implements IngestEvent {}

  /** A document was removed because its file is gone. */
  record Pruned(String source) implements IngestEvent {}

  /** The run looks like a corpus being poisoned (see the message); nothing was refused. */
  record Warning(String message) implements IngestEvent {}
}
