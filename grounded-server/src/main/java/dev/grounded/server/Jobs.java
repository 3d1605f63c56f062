package dev.grounded.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * The jobs of this server process (ingest and evaluation), newest last, keeping the most recent
 * {@value #RETAINED} in memory and every job's last state, with the input it can be resumed from,
 * in {@link JobStore} ({@code grounded.db}), so {@code grounded jobs} and a restarted server see
 * them. Jobs run on the services' executor; writes to one collection are serialized by the
 * knowledge base, so ingest jobs on a collection queue behind each other (status {@code queued}
 * until they hold its lock).
 *
 * <p>Admission is bounded per tenant: at most {@link ServerConfig#maxQueuedJobsPerTenant()} jobs
 * queued or running and {@link ServerConfig#maxQueuedUploadBytesPerTenant()} bytes of their
 * uploads, else {@code rate_limited} (429). At start, {@link #resume} takes over the jobs a server
 * that died (kill -9, crash) left unfinished: each is resumed from its stored input (at most
 * {@value JobHandover#MAX_RESTARTS} times) or reported failed with error {@code job_lost}. Jobs
 * still unfinished when this server stops are released to the next server the same way. Uploads
 * wait in {@link UploadFolders}.
 */
final class Jobs implements AutoCloseable {
  static final int RETAINED = 1000;

  /** The {@code Retry-After} a refused submission suggests, in seconds. */
  static final int RETRY_AFTER_SECONDS = 10;

  /** How often a job looks for a cancel request made by {@code grounded jobs cancel}. */
  static final long STORE_POLL_MILLIS = 1000;

  /** A job's work: runs it to its end, polling {@code cancelled} between steps. */
  @FunctionalInterface
  interface Work<J extends Job> {
    void run(J job, BooleanSupplier cancelled);
  }

  private final Services services;
  private final ServerConfig config;
  private final JobStore store;
  private final UploadFolders uploads;
  private final PrintStream errors;
  private final long pid = ProcessHandle.current().pid();
  private final JobHandover handover;
  private final Map<String, Job> jobs = new LinkedHashMap<>();
  private boolean closing;

  Jobs(Services services, ServerConfig config) {
    this.services = services;
    this.config = config;
    this.errors = config.errorLog();
    this.uploads = new UploadFolders(services.knowledge().dataDir().resolve("tmp"));
    this.store = JobStore.open(services.knowledge().dataDir().resolve("grounded.db"));
    int lost = store.markLost();
    if (lost > 0)
      log("jobs: " + lost + " job(s) of a server that stopped without finishing them: job_lost");
    store.trim();
    this.handover = new JobHandover(store, uploads, pid);
    services.metrics().ingestJobs(() -> count(Job.Status.QUEUED), () -> count(Job.Status.RUNNING));
  }

  /** Ingest jobs of this process in {@code status} now (the queue depth for the metrics). */
  private int count(Job.Status status) {
    synchronized (jobs) {
      int n = 0;
      for (Job j : jobs.values()) if (j.status() == status && j.kind().equals(JobStore.INGEST)) n++;
      return n;
    }
  }

  UploadFolders uploads() {
    return uploads;
  }

  /**
   * Takes over the jobs that servers no longer running left unfinished (see {@link JobHandover});
   * call once, at start.
   */
  void resume(Map<String, JobHandover.Resumer> resumers) {
    JobHandover.Outcome o = handover.takeOver(resumers);
    if (o.resumed() + o.lost() > 0)
      log(
          "jobs: "
              + o.resumed()
              + " job(s) of a server that stopped without finishing them resumed, "
              + o.lost()
              + " could not be: job_lost");
  }

  /**
   * Refuses early (before an upload is read) when the tenant has no room for another job of {@code
   * bytes}.
   */
  void checkRoom(String tenant, long bytes) {
    synchronized (jobs) {
      room(tenant, bytes);
    }
  }

  /**
   * Queues {@code job}'s work in the background, within the tenant's limits unless it is resumed;
   * {@code input} (JSON) is stored to resume it from; {@code cleanup} runs when the job ends,
   * however it ends (also when it is cancelled before it starts).
   */
  <J extends Job> J submit(J job, String input, Work<J> work, Runnable cleanup) {
    synchronized (jobs) {
      if (job.identity().restarts() == 0) room(job.collection().tenant(), job.bytes());
      jobs.put(job.id(), job);
      Iterator<String> oldest = jobs.keySet().iterator();
      while (jobs.size() > RETAINED && oldest.hasNext()) {
        if (jobs.get(oldest.next()).status().finished()) oldest.remove();
        else break;
      }
    }
    try {
      store.save(job.row(pid), input);
    } catch (RuntimeException e) {
      log(job, e);
    }
    services.executor().execute(() -> run(job, work, cleanup));
    return job;
  }

  /**
   * Throws rate_limited when the tenant's active jobs leave no room; call holding {@link #jobs}.
   */
  private void room(String tenant, long bytes) {
    int count = 0;
    long queued = 0;
    for (Job j : jobs.values()) {
      if (!j.collection().tenant().equals(tenant) || j.status().finished()) continue;
      count++;
      queued += j.bytes();
    }
    if (count >= config.maxQueuedJobsPerTenant())
      throw rateLimited(
          count
              + " jobs are queued or running for this tenant, the limit"
              + " (server.max_queued_jobs_per_tenant); retry when one finishes, or cancel one");
    if (bytes > 0 && queued + bytes > config.maxQueuedUploadBytesPerTenant())
      throw rateLimited(
          "the uploads of this tenant's queued or running ingest jobs would exceed "
              + config.maxQueuedUploadBytesPerTenant()
              + " bytes (server.max_queued_upload_bytes_per_tenant); retry when one finishes");
  }

  private static GroundedException rateLimited(String message) {
    return new GroundedException(ErrorCode.RATE_LIMITED, message, null, null);
  }

  private <J extends Job> void run(J job, Work<J> work, Runnable cleanup) {
    try {
      if (job.status().finished()) return; // cancelled while it waited for a thread
      work.run(job, cancellation(job));
    } catch (CancellationException e) {
      job.ended(Job.Status.CANCELLED);
    } catch (GroundedException e) {
      if (e.code().httpStatus() >= 500) log(job, e);
      job.failed(e);
    } catch (Throwable e) { // an Error too: the job must end, and say why
      log(job, e);
      job.failed(new GroundedException(ErrorCode.INTERNAL, job.kind() + " failed: " + e, null, e));
    } finally {
      cleanup.run();
    }
  }

  /** True once the job was cancelled here or (looked up at most once a second) from the CLI. */
  private BooleanSupplier cancellation(Job job) {
    long[] next = {0};
    return () -> {
      if (job.cancelling()) return true;
      long now = System.nanoTime();
      if (now - next[0] < 0) return false;
      next[0] = now + STORE_POLL_MILLIS * 1_000_000;
      try {
        if (store.cancelRequested(job.id())) job.cancel();
      } catch (RuntimeException e) {
        log(job, e);
      }
      return job.cancelling();
    };
  }

  /** Persists a job's change; the observer of every job. */
  void persist(Job job) {
    synchronized (jobs) {
      if (closing) return; // released: the next server owns the row
    }
    try {
      store.save(job.row(pid));
    } catch (RuntimeException e) {
      log(job, e);
    }
  }

  /** Stores a finished evaluation's report, before the job says it succeeded. */
  void saveResult(Job job, String result) {
    store.saveResult(job.id(), result);
  }

  /**
   * The tenant's job as the API shows it, else empty (another tenant's job does not exist); an
   * evaluation that succeeded carries its {@code report}.
   */
  Optional<ObjectNode> view(String tenant, String id) {
    Optional<Job> live = live(tenant, id);
    Optional<ObjectNode> view =
        live.isPresent()
            ? Optional.of(live.get().view())
            : stored(tenant, id).map(r -> parse(r.view()));
    view.ifPresent(
        v -> {
          if (v.path("kind").asText().equals(JobStore.EVAL)
              && v.path("status").asText().equals("succeeded"))
            store.result(id).ifPresent(r -> v.set("report", parse(r)));
        });
    return view;
  }

  /**
   * The tenant's evaluation jobs, newest first, each that succeeded with a {@code summary} of its
   * report (dataset counts, config and metric means; not its items).
   */
  List<ObjectNode> evaluations(String tenant) {
    List<ObjectNode> out = new ArrayList<>();
    for (ObjectNode v : list(tenant)) {
      if (!v.path("kind").asText().equals(JobStore.EVAL)) continue;
      if (v.path("status").asText().equals("succeeded"))
        store
            .result(v.path("id").asText())
            .ifPresent(
                r -> {
                  ObjectNode report = parse(r);
                  ObjectNode summary = v.putObject("summary");
                  for (String f : List.of("dataset", "config", "metrics"))
                    if (report.has(f)) summary.set(f, report.get(f));
                });
      out.add(v);
    }
    return out;
  }

  /** The tenant's jobs, newest first (without reports). */
  List<ObjectNode> list(String tenant) {
    List<ObjectNode> out = new ArrayList<>();
    for (JobStore.Row r : store.list(tenant)) {
      Optional<Job> live = live(tenant, r.id());
      out.add(live.isPresent() ? live.get().view() : parse(r.view()));
    }
    return out;
  }

  /**
   * Cancels the tenant's job: a queued one never starts, a running one stops at its next step.
   * Cancelling a cancelled job changes nothing; a finished one is a conflict (409).
   */
  ObjectNode cancel(String tenant, String id) {
    Optional<Job> live = live(tenant, id);
    if (live.isPresent()) {
      if (!live.get().cancel()) throw finished(id, live.get().status().wire());
      return live.get().view();
    }
    JobStore.Row row = stored(tenant, id).orElseThrow(() -> notFound(id));
    if (row.active() && row.ownerAlive() && store.requestCancel(id)) // another server runs it
    return parse(store.get(id).orElseThrow(() -> notFound(id)).view());
    if (row.status().equals("cancelled")) return parse(row.view());
    throw finished(id, row.status());
  }

  static GroundedException notFound(String id) {
    return GroundedException.notFound("no job '" + id + "'");
  }

  private static GroundedException finished(String id, String status) {
    return new GroundedException(
        ErrorCode.CONFLICT,
        "job '" + id + "' already " + status + ": nothing to cancel",
        "id",
        null);
  }

  private Optional<Job> live(String tenant, String id) {
    synchronized (jobs) {
      Job j = jobs.get(id);
      return j != null && j.collection().tenant().equals(tenant)
          ? Optional.of(j)
          : Optional.empty();
    }
  }

  private Optional<JobStore.Row> stored(String tenant, String id) {
    return store.get(id).filter(r -> r.tenant().equals(tenant));
  }

  private static ObjectNode parse(String view) {
    try {
      return (ObjectNode) Json.MAPPER.readTree(view);
    } catch (IOException | ClassCastException e) {
      throw new GroundedException(ErrorCode.STORAGE_ERROR, "unreadable stored job", null, e);
    }
  }

  /**
   * Waits up to {@code timeout} for jobs still queued or running, so a stop does not pull the model
   * or the index from under them; a job still running after that is cut short and its collection
   * keeps its last commit.
   */
  void drain(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Job> pending;
    synchronized (jobs) {
      pending = new ArrayList<>(jobs.values());
    }
    try {
      for (Job j : pending) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0 || !j.await(left)) return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void log(Job job, Throwable e) {
    synchronized (errors) {
      errors.println(
          "job " + job.id() + " (" + job.kind() + ", collection " + job.collection().key() + "):");
      e.printStackTrace(errors);
      errors.flush();
    }
  }

  private void log(String line) {
    synchronized (errors) {
      errors.println(line);
      errors.flush();
    }
  }

  /**
   * Releases the jobs that did not finish by now (after {@link #drain}) to the next server that
   * starts on the data directory ({@link JobHandover#release}); later changes of a job still
   * running here are not persisted. Then removes this server's upload folder and closes the store.
   */
  @Override
  public void close() {
    List<Job> all;
    synchronized (jobs) {
      all = new ArrayList<>(jobs.values());
      closing = true;
    }
    for (Job j : all) {
      if (j.status().finished()) continue;
      try {
        handover.release(j);
      } catch (RuntimeException e) {
        log(j, e);
      }
    }
    uploads.close();
    store.close();
  }
}
