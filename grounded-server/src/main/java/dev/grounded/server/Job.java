package dev.grounded.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.GroundedException;
import dev.grounded.ingest.CollectionId;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One background job of the server on a collection: queued → running → succeeded, failed or
 * cancelled. A cancel request ends a queued job at once; a running one stops when its work next
 * looks. Every change of status is handed to the job's observer, which persists it. A job resumed
 * after its server died keeps its id and creation time and counts its {@code restarts}.
 * Thread-safe: the worker thread writes, request threads read snapshots.
 */
abstract sealed class Job permits IngestJob, EvalJob {
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

  /**
   * Who a job is: a new one, or one resumed after its server died.
   *
   * @param restarts how many times it was resumed
   */
  record Identity(String id, long createdAt, int restarts) {
    Identity {
      Objects.requireNonNull(id, "id");
    }

    static Identity fresh() {
      return new Identity("job_" + RequestIds.random(10), System.currentTimeMillis(), 0);
    }

    /** The identity of a stored job resumed once more. */
    static Identity resumed(JobStore.Row row) {
      int before = 0;
      try {
        before = Json.MAPPER.readTree(row.view()).path("restarts").asInt(0);
      } catch (java.io.IOException e) {
        // an unreadable view: count from here
      }
      return new Identity(row.id(), row.createdAt(), before + 1);
    }
  }

  private final Identity identity;
  private final CollectionId collection;
  private final CountDownLatch done = new CountDownLatch(1);
  private final Consumer<Job> observer;
  private Status status = Status.QUEUED;
  private boolean cancelRequested;
  private long startedAt;
  private long finishedAt;
  private GroundedException error;
  private String errorCode;

  /**
   * @param observer told of each change (on the thread making it; must not throw)
   */
  Job(Identity identity, CollectionId collection, Consumer<Job> observer) {
    this.identity = Objects.requireNonNull(identity, "identity");
    this.collection = Objects.requireNonNull(collection, "collection");
    this.observer = Objects.requireNonNull(observer, "observer");
  }

  /** {@code ingest} or {@code eval}, as stored and shown. */
  abstract String kind();

  /** The job's own part of its view: progress and results. Called holding the job's lock. */
  abstract void details(ObjectNode view);

  /** Bytes counted against the tenant's queued uploads until the job ends. */
  long bytes() {
    return 0;
  }

  final String id() {
    return identity.id();
  }

  final CollectionId collection() {
    return collection;
  }

  final Identity identity() {
    return identity;
  }

  /** Tells the observer (outside the job's lock). */
  final void changed() {
    observer.accept(this);
  }

  /** Queued → running; true when it changed (call holding the job's lock). */
  final boolean begin() {
    if (status != Status.QUEUED) return false;
    status = Status.RUNNING;
    startedAt = System.currentTimeMillis();
    return true;
  }

  /** Whether the work should stop: a cancel was requested. */
  final synchronized boolean cancelling() {
    return cancelRequested;
  }

  /**
   * Requests cancellation: a queued job ends now (it will never start), a running one when its work
   * next looks. False when the job had already ended otherwise.
   */
  final boolean cancel() {
    synchronized (this) {
      if (status.finished()) return status == Status.CANCELLED;
      cancelRequested = true;
      if (status == Status.QUEUED) end(Status.CANCELLED);
    }
    changed();
    return true;
  }

  /** Ends the job with {@code s} unless it already ended. */
  final void ended(Status s) {
    synchronized (this) {
      if (status.finished()) return;
      end(s);
    }
    changed();
  }

  final void failed(GroundedException e) {
    synchronized (this) {
      if (status.finished()) return;
      error = e;
      end(Status.FAILED);
    }
    changed();
  }

  /** The server stops before the job could finish: reported as failed with {@code job_lost}. */
  final void lost() {
    synchronized (this) {
      if (status.finished()) return;
      errorCode = JobStore.LOST;
      end(Status.FAILED);
    }
    changed();
  }

  /** Sets the final status (call holding the job's lock). */
  final void end(Status s) {
    status = s;
    finishedAt = System.currentTimeMillis();
    done.countDown();
  }

  final boolean await(long millis) throws InterruptedException {
    return done.await(millis, TimeUnit.MILLISECONDS);
  }

  final synchronized Status status() {
    return status;
  }

  /** The error that ended the job, if one did. */
  final synchronized Optional<GroundedException> error() {
    return Optional.ofNullable(error);
  }

  /** The job as stored: its view, status and cancel request. */
  final synchronized JobStore.Row row(long ownerPid) {
    return new JobStore.Row(
        id(),
        kind(),
        collection.tenant(),
        collection.name(),
        status.wire(),
        identity.createdAt(),
        ownerPid,
        cancelRequested,
        view().toString());
  }

  /** The job as the API shows it (an evaluation's report is added by {@link Jobs#view}). */
  final synchronized ObjectNode view() {
    ObjectNode o = Json.object();
    o.put("id", id());
    o.put("object", kind() + ".job");
    o.put("kind", kind());
    o.put("collection", collection.name());
    o.put("status", status.wire());
    o.put("cancel_requested", cancelRequested);
    o.put("created_at", identity.createdAt() / 1000);
    if (startedAt > 0) o.put("started_at", startedAt / 1000);
    if (finishedAt > 0) o.put("finished_at", finishedAt / 1000);
    o.put("restarts", identity.restarts());
    details(o);
    if (error != null) {
      ObjectNode e = o.putObject("error");
      e.put("code", error.code().code());
      e.put("message", error.getMessage());
    } else if (errorCode != null) {
      ObjectNode e = o.putObject("error");
      e.put("code", errorCode);
      e.put("message", JobStore.lostMessage(kind()));
    } else o.putNull("error");
    return o;
  }
}
