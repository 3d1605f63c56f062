package dev.grounded.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grounded.core.Sqlite;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JobStore} on a real SQLite file: a table written by an older server gains its columns,
 * orphans are the active jobs of dead or released owners, a claim is won by one server only, and
 * only orphans without an input are reported lost.
 */
class JobStoreTest {
  @TempDir Path tmp;
  private final long me = ProcessHandle.current().pid();

  private static JobStore.Row row(String id, String kind, String status, long owner) {
    return new JobStore.Row(
        id,
        kind,
        "acme",
        "docs",
        status,
        System.currentTimeMillis(),
        owner,
        false,
        "{\"id\":\"" + id + "\",\"kind\":\"" + kind + "\",\"status\":\"" + status + "\"}");
  }

  @Test
  void aTableWrittenByAnOlderServerGainsKindInputAndResultAndItsJobsAreIngestJobs()
      throws Exception {
    Path db = tmp.resolve("grounded.db");
    try (Connection c = Sqlite.open(db);
        Statement s = c.createStatement()) {
      s.execute(
          """
          CREATE TABLE ingest_jobs (
            id TEXT PRIMARY KEY, tenant TEXT NOT NULL, collection TEXT NOT NULL,
            status TEXT NOT NULL, created_at INTEGER NOT NULL, owner_pid INTEGER NOT NULL,
            cancel_requested INTEGER NOT NULL DEFAULT 0, view TEXT NOT NULL)""");
      s.execute(
          "INSERT INTO ingest_jobs VALUES ('job_old', 'acme', 'docs', 'running', 1, "
              + deadPid()
              + ", 0, '{\"id\":\"job_old\",\"status\":\"running\"}')");
    }
    try (JobStore store = JobStore.open(db)) {
      JobStore.Row old = store.get("job_old").orElseThrow();
      assertThat(old.kind()).isEqualTo("ingest");
      assertThat(store.input("job_old")).isEmpty();
      assertThat(store.markLost()).as("an old orphan has no input: it cannot resume").isEqualTo(1);
      JsonNode view = Json.MAPPER.readTree(store.get("job_old").orElseThrow().view());
      assertThat(view.get("status").asText()).isEqualTo("failed");
      assertThat(view.get("error").get("code").asText()).isEqualTo("job_lost");
    }
  }

  @Test
  void orphansAreActiveJobsOfDeadOrReleasedOwnersAndOnlyThoseWithoutInputAreMarkedLost()
      throws Exception {
    long dead = deadPid();
    try (JobStore store = JobStore.open(tmp.resolve("grounded.db"))) {
      store.save(row("job_live", "ingest", "running", me), "{}");
      store.save(row("job_dead", "eval", "running", dead), "{\"items\":[]}");
      store.save(row("job_released", "ingest", "queued", 0), "{\"source\":\"path\"}");
      store.save(row("job_bare", "ingest", "queued", dead));
      store.save(row("job_done", "eval", "succeeded", dead), "{}");
      assertThat(store.orphans())
          .extracting(JobStore.Row::id)
          .containsExactlyInAnyOrder("job_dead", "job_released", "job_bare");
      assertThat(store.markLost()).isEqualTo(1);
      assertThat(store.get("job_bare").orElseThrow().status()).isEqualTo("failed");
      assertThat(store.orphans())
          .extracting(JobStore.Row::id)
          .containsExactlyInAnyOrder("job_dead", "job_released");
      assertThat(store.get("job_dead").orElseThrow().interrupted()).isTrue();
      assertThat(store.get("job_live").orElseThrow().interrupted()).isFalse();
    }
  }

  @Test
  void aClaimIsWonOnceAndKeepsTheInputAndAResultIsStoredApart() throws Exception {
    long dead = deadPid();
    try (JobStore store = JobStore.open(tmp.resolve("grounded.db"))) {
      store.save(row("job_e", "eval", "running", dead), "{\"k\":5}");
      assertThat(store.claim("job_e", dead, me)).isTrue();
      assertThat(store.claim("job_e", dead, 12345)).as("already taken").isFalse();
      assertThat(store.get("job_e").orElseThrow().ownerPid()).isEqualTo(me);
      store.save(row("job_e", "eval", "running", me)); // a progress update keeps the input
      assertThat(store.input("job_e")).contains("{\"k\":5}");
      store.saveResult("job_e", "{\"metrics\":{}}");
      store.save(row("job_e", "eval", "succeeded", me));
      assertThat(store.result("job_e")).contains("{\"metrics\":{}}");
      assertThat(store.get("job_e").orElseThrow().view()).doesNotContain("metrics");
      assertThat(store.claim("job_e", me, 12345)).as("finished jobs are not claimed").isFalse();
    }
  }

  /** The pid of a process that has exited. */
  private static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor(30, TimeUnit.SECONDS);
    return p.pid();
  }
}
