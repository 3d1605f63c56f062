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
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One asynchronous ingest: queued (waiting for its turn at the collection's lock) → running →
 * succeeded, failed or cancelled, with progress counted from the ingest's events. A cancel request
 * ends a queued job at once; a running one stops before its next document. Every change of status
 * (and every commit) is handed to the job's observer, which persists it. Thread-safe: the ingest
 * thread writes, request threads read snapshots.
 */
final class IngestJob implements IngestListener {
  enum Status {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    boolean finished() {
      return this != QUEUED && this != RUNNING;
    }
  }

  private final String id;
  private final CollectionId collection;
  private final List<String> documentIds;
  private final long bytes;
  private final long createdAt = System.currentTimeMillis();
  private final CountDownLatch done = new CountDownLatch(1);
  private final Consumer<IngestJob> observer;
  private final IngestListener events;
  private Status status = Status.QUEUED;
  private boolean cancelRequested;
  private long startedAt;
  private long finishedAt;
  private int total;
  private int indexed;
  private int skipped;
  private int chunks;
  private final List<IngestEvent.Failed> failures = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private GroundedException error;
  private String errorCode;

  /**
   * @param bytes the upload's size, counted against the tenant's queued bytes until the job ends
   * @param observer told of each change (on the thread making it; must not throw)
   * @param events also receives every event of the ingest (the metrics)
   */
  IngestJob(
      String id,
      CollectionId collection,
      List<String> documentIds,
      long bytes,
      Consumer<IngestJob> observer,
      IngestListener events) {
    this.events = events;
    this.id = id;
    this.collection = collection;
    this.documentIds = List.copyOf(documentIds);
    this.bytes = bytes;
    this.observer = observer;
  }

  String id() {
    return id;
  }

  CollectionId collection() {
    return collection;
  }

  long bytes() {
    return bytes;
  }

  long createdAt() {
    return createdAt;
  }

  @Override
  public void on(IngestEvent event) {
    events.on(event);
    boolean changed = false;
    synchronized (this) {
      switch (event) {
        case IngestEvent.Started s -> {
          total = s.total();
          if (status == Status.QUEUED) { // the collection's lock is held: the ingest begins
            status = Status.RUNNING;
            startedAt = System.currentTimeMillis();
            changed = true;
          }
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
    if (changed) observer.accept(this);
  }

  /** Whether the ingest should stop: a cancel was requested. */
  synchronized boolean cancelling() {
    return cancelRequested;
  }

  /**
   * Requests cancellation: a queued job ends now (it will never start), a running one when the
   * ingest next looks. False when the job had already ended.
   */
  boolean cancel() {
    synchronized (this) {
      if (status.finished()) return status == Status.CANCELLED;
      cancelRequested = true;
      if (status == Status.QUEUED) end(Status.CANCELLED);
    }
    observer.accept(this);
    return true;
  }

  void finished(IngestSummary summary) {
    synchronized (this) {
      if (status.finished()) return;
      if (summary.cancelled()) end(Status.CANCELLED);
      else
        end(
            summary.failed() > 0 && summary.failed() == summary.files()
                ? Status.FAILED
                : Status.SUCCEEDED);
    }
    observer.accept(this);
  }

  void failed(GroundedException e) {
    synchronized (this) {
      if (status.finished()) return;
      error = e;
      end(Status.FAILED);
    }
    observer.accept(this);
  }

  /** The server stops before the job could finish: reported as failed with {@code job_lost}. */
  void lost() {
    synchronized (this) {
      if (status.finished()) return;
      errorCode = JobStore.LOST;
      end(Status.FAILED);
    }
    observer.accept(this);
  }

  private void end(Status s) {
    status = s;
    finishedAt = System.currentTimeMillis();
    done.countDown();
  }

  boolean await(long millis) throws InterruptedException {
    return done.await(millis, TimeUnit.MILLISECONDS);
  }

  synchronized Status status() {
    return status;
  }

  /** The error that ended the job, if one did. */
  synchronized java.util.Optional<GroundedException> error() {
    return java.util.Optional.ofNullable(error);
  }

  /** The job as stored: its view, status and cancel request. */
  synchronized JobStore.Row row(long ownerPid) {
    return new JobStore.Row(
        id,
        collection.tenant(),
        collection.name(),
        status.wire(),
        createdAt,
        ownerPid,
        cancelRequested,
        view().toString());
  }

  synchronized ObjectNode view() {
    ObjectNode o = Json.object();
    o.put("id", id);
    o.put("object", "ingest.job");
    o.put("collection", collection.name());
    o.put("status", status.wire());
    o.put("cancel_requested", cancelRequested);
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
    if (!warnings.isEmpty()) {
      ArrayNode w = o.putArray("warnings");
      warnings.forEach(w::add);
    }
    if (error != null) {
      ObjectNode e = o.putObject("error");
      e.put("code", error.code().code());
      e.put("message", error.getMessage());
    } else if (errorCode != null) {
      ObjectNode e = o.putObject("error");
      e.put("code", errorCode);
      e.put("message", JobStore.LOST_MESSAGE);
    } else o.putNull("error");
    return o;
  }
}
