package dev.grounded.ingest;

import java.util.List;

/**
 * The outcome of one ingest run. {@code documents} and {@code chunks} are the collection's totals
 * after the run; {@code embedded} counts the chunks embedded in this run; {@code cancelled} says
 * the run was stopped early on request (what it wrote before is committed).
 */
public record IngestSummary(
    int files,
    int documents,
    int chunks,
    int embedded,
    int skipped,
    int failed,
    int pruned,
    double seconds,
    List<IngestEvent.Failed> failures,
    boolean cancelled) {
  public IngestSummary {
    failures = List.copyOf(failures);
  }

  /** The outcome of a run that was not cancelled. */
  public IngestSummary(
      int files,
      int documents,
      int chunks,
      int embedded,
      int skipped,
      int failed,
      int pruned,
      double seconds,
      List<IngestEvent.Failed> failures) {
    this(files, documents, chunks, embedded, skipped, failed, pruned, seconds, failures, false);
  }
}
