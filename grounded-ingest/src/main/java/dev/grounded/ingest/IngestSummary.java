package dev.grounded.ingest;

import java.util.List;

/**
 * The outcome of one ingest run. {@code documents} and {@code chunks} are the collection's totals
 * after the run; {@code embedded} counts the chunks embedded in this run.
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
    List<IngestEvent.Failed> failures) {
  public IngestSummary {
    failures = List.copyOf(failures);
  }
}
