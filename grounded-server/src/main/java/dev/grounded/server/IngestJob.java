package dev.grounded.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.GroundedException;
import dev.grounded.ingest.CollectionId;
import dev.grounded.ingest.IngestEvent;
import dev.grounded.ingest.IngestListener;
import dev.grounded.ingest.IngestSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One asynchronous ingest: queued → running → succeeded or failed, with progress counted from the
 * ingest's events. Thread-safe: the ingest thread writes, request threads read snapshots.
 */
final class IngestJob implements IngestListener {
  enum Status {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED
  }

  private final String id;
  private final CollectionId collection;
  private final List<String> documentIds;
  private final long createdAt = System.currentTimeMillis();
  private final CountDownLatch done = new CountDownLatch(1);
  private Status status = Status.QUEUED;
  private long startedAt;
  private long finishedAt;
  private int total;
  private int indexed;
  private int skipped;
  private int chunks;
  private final List<IngestEvent.Failed> failures = new ArrayList<>();
  private GroundedException error;

  IngestJob(String id, CollectionId collection, List<String> documentIds) {
    this.id = id;
    this.collection = collection;
    this.documentIds = List.copyOf(documentIds);
  }

  String id() {
    return id;
  }

  CollectionId collection() {
    return collection;
  }

  synchronized void running() {
    status = Status.RUNNING;
    startedAt = System.currentTimeMillis();
  }

  @Override
  public synchronized void on(IngestEvent event) {
    switch (event) {
      case IngestEvent.Started s -> total = s.total();
      case IngestEvent.Indexed i -> {
        indexed++;
        chunks += i.chunks();
      }
      case IngestEvent.Skipped s -> skipped++;
      case IngestEvent.Failed f -> failures.add(f);
      default -> {}
    }
  }

  synchronized void finished(IngestSummary summary) {
    status =
        summary.failed() > 0 && summary.failed() == summary.files()
            ? Status.FAILED
            : Status.SUCCEEDED;
    finishedAt = System.currentTimeMillis();
    done.countDown();
  }

  synchronized void failed(GroundedException e) {
    status = Status.FAILED;
    error = e;
    finishedAt = System.currentTimeMillis();
    done.countDown();
  }

  boolean await(long millis) throws InterruptedException {
    return done.await(millis, TimeUnit.MILLISECONDS);
  }

  synchronized Status status() {
    return status;
  }

  synchronized ObjectNode view() {
    ObjectNode o = Json.object();
    o.put("id", id);
    o.put("object", "ingest.job");
    o.put("collection", collection.name());
    o.put("status", status.name().toLowerCase(java.util.Locale.ROOT));
    o.put("created_at", createdAt / 1000);
    if (startedAt > 0) o.put("started_at", startedAt / 1000);
    if (finishedAt > 0) o.put("finished_at", finishedAt / 1000);
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
    if (error != null) {
      ObjectNode e = o.putObject("error");
      e.put("code", error.code().code());
      e.put("message", error.getMessage());
    } else o.putNull("error");
    return o;
  }
}
