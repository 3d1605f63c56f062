package dev.grounded.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.ingest.CollectionId;
import dev.grounded.ingest.IngestEvent;
import dev.grounded.ingest.IngestListener;
import dev.grounded.ingest.IngestSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One asynchronous ingest: queued (waiting for its turn at the collection's lock) → running →
 * succeeded, failed or cancelled, with progress counted from the ingest's events. A running one
 * stops before its next document when cancelled. Every commit, besides every change of status, is
 * handed to the observer.
 */
final class IngestJob extends Job implements IngestListener {
  private final List<String> documentIds;
  private final long bytes;
  private int total;
  private int indexed;
  private int skipped;
  private int chunks;
  private final List<IngestEvent.Failed> failures = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private final IngestListener events;

  /**
   * @param bytes the upload's size, counted against the tenant's queued bytes until the job ends
   * @param observer told of each change (on the thread making it; must not throw)
   * @param events also receives every event of the ingest (the metrics)
   */
  IngestJob(
      Identity identity,
      CollectionId collection,
      List<String> documentIds,
      long bytes,
      Consumer<Job> observer,
      IngestListener events) {
    super(identity, collection, observer);
    this.events = events;
    this.documentIds = List.copyOf(documentIds);
    this.bytes = bytes;
  }

  @Override
  String kind() {
    return JobStore.INGEST;
  }

  @Override
  long bytes() {
    return bytes;
  }

  @Override
  public void on(IngestEvent event) {
    boolean changed = false;
    synchronized (this) {
      switch (event) {
        case IngestEvent.Started s -> {
          total = s.total();
          changed = begin(); // the collection's lock is held: the ingest begins
        }
        case IngestEvent.Indexed i -> {
          indexed++;
          chunks += i.chunks();
        }
        case IngestEvent.Skipped s -> skipped++;
        case IngestEvent.Failed f -> failures.add(f);
        case IngestEvent.Committed c -> changed = true;
        case IngestEvent.Warning w -> warnings.add(w.message());
        default -> {}
      }
    }
    if (changed) changed();
    events.on(event);
  }

  void finished(IngestSummary summary) {
    ended(
        summary.cancelled()
            ? Status.CANCELLED
            : summary.failed() > 0 && summary.failed() == summary.files()
                ? Status.FAILED
                : Status.SUCCEEDED);
  }

  @Override
  void details(ObjectNode o) {
    ArrayNode ids = o.putArray("document_ids");
    documentIds.forEach(ids::add);
    ObjectNode p = o.putObject("progress");
    p.put("total", total);
    p.put("indexed", indexed);
    p.put("skipped", skipped);
    p.put("failed", failures.size());
    p.put("chunks", chunks);
    ArrayNode f = o.putArray("failures");
    for (IngestEvent.Failed x : failures) {
      ObjectNode e = f.addObject();
      e.put("source", x.source());
      e.put("reason", x.reason());
    }
    if (!warnings.isEmpty()) {
      ArrayNode w = o.putArray("warnings");
      warnings.forEach(w::add);
    }
  }
}
