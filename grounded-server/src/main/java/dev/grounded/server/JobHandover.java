package dev.grounded.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Hands jobs over from one server process to the next on a data directory. A stopping server {@link
 * #release releases} its unfinished jobs (no owner, upload parked); a starting one {@link #takeOver
 * takes over} those and the jobs of servers that died: it claims each (one server wins) and resumes
 * it from its stored input through its kind's {@link Resumer}, at most {@value #MAX_RESTARTS}
 * times, or reports it failed with {@code job_lost} and the reason. Called from one thread at start
 * and at stop.
 */
final class JobHandover {
  /**
   * How many times a job is resumed at most: one that keeps taking its server down (a file that
   * exhausts the heap) must not do so at every start.
   */
  static final int MAX_RESTARTS = 3;

  /** Resubmits a stored job of one kind from its input, or throws saying why it cannot. */
  @FunctionalInterface
  interface Resumer {
    void resume(JobStore.Row row, JsonNode input);
  }

  /** What a take-over did. */
  record Outcome(int resumed, int lost) {}

  private final JobStore store;
  private final UploadFolders uploads;
  private final long pid;

  JobHandover(JobStore store, UploadFolders uploads, long pid) {
    this.store = store;
    this.uploads = uploads;
    this.pid = pid;
  }

  /**
   * Takes over the jobs that servers no longer running left queued or running; one cancelled
   * meanwhile ({@code grounded jobs cancel}) is reported cancelled. Then removes the upload folders
   * of dead servers that no job took over.
   */
  Outcome takeOver(Map<String, Resumer> resumers) {
    int resumed = 0;
    int lost = 0;
    for (JobStore.Row r : store.orphans()) {
      if (!store.claim(r.id(), r.ownerPid(), pid)) continue; // another server took it
      if (r.cancelRequested()) {
        store.cancelled(r);
        continue;
      }
      try {
        resume(r, resumers.get(r.kind()));
        resumed++;
      } catch (IOException | RuntimeException e) {
        store.lose(
            r,
            "the server stopped before this job finished and it could not be resumed: "
                + e.getMessage()
                + (r.kind().equals(JobStore.INGEST)
                    ? " (documents it committed are kept whole); submit it again"
                    : "; submit it again"));
        lost++;
      }
    }
    uploads.removeStale();
    return new Outcome(resumed, lost);
  }

  private void resume(JobStore.Row r, Resumer resumer) throws IOException {
    if (Job.Identity.resumed(r).restarts() > MAX_RESTARTS)
      throw cannot("it was already resumed " + MAX_RESTARTS + " times without finishing");
    Optional<String> input = store.input(r.id());
    if (resumer == null || input.isEmpty())
      throw cannot("it was recorded without what it needs to resume");
    resumer.resume(r, Json.MAPPER.readTree(input.get()));
  }

  private static GroundedException cannot(String why) {
    return new GroundedException(ErrorCode.INTERNAL, why, null, null);
  }

  /**
   * Leaves an unfinished job to the next server: it keeps its status and loses its owner, and its
   * upload is parked out of this server's folder. A job whose cancel was requested ends cancelled;
   * one without a stored input is reported lost.
   */
  void release(Job j) {
    Optional<String> input = store.input(j.id());
    if (j.cancelling() || input.isEmpty()) {
      if (j.cancelling()) j.ended(Job.Status.CANCELLED);
      else j.lost();
      store.save(j.row(pid));
      return;
    }
    ObjectNode in;
    try {
      in = (ObjectNode) Json.MAPPER.readTree(input.get());
    } catch (IOException | ClassCastException e) {
      throw new GroundedException(ErrorCode.STORAGE_ERROR, "unreadable job input", null, e);
    }
    if (in.hasNonNull("folder")) // an upload: it must outlive this server's folder
    in.put("folder", uploads.park(Path.of(in.get("folder").asText())).toString());
    store.release(j.id(), in.toString());
  }
}
