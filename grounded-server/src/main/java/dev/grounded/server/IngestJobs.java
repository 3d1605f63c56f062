package dev.grounded.server;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.ingest.CollectionId;
import dev.grounded.ingest.IngestSummary;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The ingest jobs of this server process, newest last, keeping the most recent {@value #RETAINED}.
 * Jobs run on the services' executor; writes to one collection are serialized by the knowledge
 * base, so concurrent jobs on a collection queue behind each other. Jobs live in memory: a restart
 * forgets finished jobs, and an ingest cut short by a crash leaves the index at its last commit.
 */
final class IngestJobs implements AutoCloseable {
  static final int RETAINED = 1000;
  private final Services services;
  private final Map<String, IngestJob> jobs = new LinkedHashMap<>();

  IngestJobs(Services services) {
    this.services = services;
  }

  /** Starts {@code work} (an ingest into the job's collection) in the background. */
  IngestJob submit(
      CollectionId collection, List<String> documentIds, Function<IngestJob, IngestSummary> work) {
    IngestJob job = new IngestJob("job_" + RequestIds.random(10), collection, documentIds);
    synchronized (jobs) {
      jobs.put(job.id(), job);
      Iterator<String> oldest = jobs.keySet().iterator();
      while (jobs.size() > RETAINED && oldest.hasNext()) {
        IngestJob j = jobs.get(oldest.next());
        if (j.status() == IngestJob.Status.SUCCEEDED || j.status() == IngestJob.Status.FAILED)
          oldest.remove();
        else break;
      }
    }
    services.executor().execute(() -> run(job, work));
    return job;
  }

  private static void run(IngestJob job, Function<IngestJob, IngestSummary> work) {
    job.running();
    try {
      job.finished(work.apply(job));
    } catch (GroundedException e) {
      job.failed(e);
    } catch (RuntimeException | Error e) {
      job.failed(new GroundedException(ErrorCode.INTERNAL, "ingest failed: " + e, null, e));
    }
  }

  /** The tenant's job, else empty (another tenant's job does not exist for this caller). */
  Optional<IngestJob> get(String tenant, String id) {
    synchronized (jobs) {
      IngestJob j = jobs.get(id);
      return j != null && j.collection().tenant().equals(tenant)
          ? Optional.of(j)
          : Optional.empty();
    }
  }

  List<IngestJob> list(String tenant) {
    List<IngestJob> out = new ArrayList<>();
    synchronized (jobs) {
      for (IngestJob j : jobs.values()) if (j.collection().tenant().equals(tenant)) out.add(j);
    }
    return out.reversed();
  }

  /**
   * Waits up to {@code timeout} for jobs still queued or running, so a stop does not pull the model
   * or the index from under them; a job still running after that is cut short and its collection
   * keeps its last commit.
   */
  void drain(java.time.Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<IngestJob> pending;
    synchronized (jobs) {
      pending = new ArrayList<>(jobs.values());
    }
    try {
      for (IngestJob j : pending) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0 || !j.await(left)) return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    // Jobs run on the services' executor, which its owner closes; nothing else to release.
  }
}
