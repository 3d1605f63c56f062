package dev.grounded.ingest;

import java.util.List;

/**
 * The outcome of one ingest run. {@code documents} and {@code chunks} are the collection's totals
 * after the run; {@code embedded} counts the chunks embedded in this run; {@code skipped} the
 * sources unchanged since the last run.
 *
 * <p>What an ingest of paths left out, so that nothing is dropped silently: {@code empty} the
 * 0-byte files (not ingested), {@code unsupported} the files inside folders of a kind the parser
 * does not read, and {@code missing} the documents of the collection whose files are gone but were
 * kept because the run did not prune.
 *
 * <p>{@code cancelled} says the run was stopped early on request (what it wrote before is
 * committed). {@code warnings} are signs of a poisoned corpus the run noticed (repeated passages
 * across documents, a sudden change of a large share of the collection).
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
    List<String> empty,
    List<String> unsupported,
    int missing,
    boolean cancelled,
    List<String> warnings) {
  public IngestSummary {
    failures = List.copyOf(failures);
    empty = List.copyOf(empty);
    unsupported = List.copyOf(unsupported);
    warnings = List.copyOf(warnings);
  }

  /** This summary with {@code more} warnings. */
  public IngestSummary withWarnings(List<String> more) {
    if (more.isEmpty()) return this;
    List<String> all = new java.util.ArrayList<>(warnings);
    all.addAll(more);
    return new IngestSummary(
        files,
        documents,
        chunks,
        embedded,
        skipped,
        failed,
        pruned,
        seconds,
        failures,
        empty,
        unsupported,
        missing,
        cancelled,
        all);
  }

  /** A run of sources that are not files, not cancelled: nothing was left out. */
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

  /** This summary with what the walk over the paths left out. */
  public IngestSummary withLeftOut(List<String> empty, List<String> unsupported, int missing) {
    return new IngestSummary(
        files,
        documents,
        chunks,
        embedded,
        skipped,
        failed,
        pruned,
        seconds,
        failures,
        empty,
        unsupported,
        missing,
        cancelled,
        warnings);
  }

  /** A run of sources that are not files, cancelled or not: nothing was left out. */
  public IngestSummary(
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
    this(
        files, documents, chunks, embedded, skipped, failed, pruned, seconds, failures, List.of(),
        List.of(), 0, cancelled, List.of());
  }
}
