package dev.grounded.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grounded.index.LuceneIndex;
import dev.grounded.server.JobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code grounded jobs} over the jobs a server records in {@code grounded.db} (written here as the
 * server writes them), and the CLI's wait for a collection another writer holds.
 */
class JobsCommandTest {
  @TempDir Path tmp;
  String data;
  long me = ProcessHandle.current().pid();

  @BeforeEach
  void dataDir() {
    data = tmp.resolve("data").toString();
  }

  private void save(String id, String tenant, String status, long owner) {
    try (JobStore store = JobStore.open(tmp.resolve("data/grounded.db"))) {
      store.save(
          new JobStore.Row(
              id,
              tenant,
              "docs",
              status,
              System.currentTimeMillis(),
              owner,
              false,
              "{\"id\":\""
                  + id
                  + "\",\"object\":\"ingest.job\",\"collection\":\"docs\",\"status\":\""
                  + status
                  + "\",\"progress\":{\"total\":3,\"indexed\":1},\"error\":null}"));
    }
  }

  private boolean cancelRequested(String id) {
    try (JobStore store = JobStore.open(tmp.resolve("data/grounded.db"))) {
      return store.cancelRequested(id);
    }
  }

  private static void assertOneLineError(Cli r, String... fragments) {
    assertThat(r.exit()).as(r.err()).isEqualTo(1);
    assertThat(r.errLines()).as(r.err()).hasSize(1);
    assertThat(r.errLines().getFirst()).startsWith("grounded: error: ").contains(fragments);
  }

  @Test
  void listShowsEveryTenantsJobsNewestFirstAsATableOrJson() throws Exception {
    save("job_a", "acme", "succeeded", me);
    save("job_b", "beta", "running", me);
    Cli table = Cli.run("jobs", "list", "--data", data);
    assertThat(table.exit()).as(table.err()).isZero();
    assertThat(table.out().lines().toList())
        .hasSize(3)
        .satisfies(l -> assertThat(l.get(0)).contains("ID", "TENANT", "COLLECTION", "STATUS"))
        .anySatisfy(l -> assertThat(l).contains("job_b", "beta", "docs", "running", "1/3"));
    Cli json = Cli.run("jobs", "list", "--data", data, "--tenant", "acme", "--json");
    JsonNode list = Json.MAPPER.readTree(json.out());
    assertThat(list.get("data"))
        .singleElement()
        .satisfies(
            j -> {
              assertThat(j.get("id").asText()).isEqualTo("job_a");
              assertThat(j.get("tenant").asText()).isEqualTo("acme");
            });
  }

  @Test
  void cancelOfARunningJobRecordsTheRequestForItsServer() {
    save("job_r", "acme", "running", me);
    Cli r = Cli.run("jobs", "cancel", "--data", data, "job_r");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("cancel requested for job_r");
    assertThat(cancelRequested("job_r")).isTrue();
  }

  @Test
  void cancelOfAFinishedOrUnknownJobIsAnErrorAndOfACancelledOneChangesNothing() {
    save("job_s", "acme", "succeeded", me);
    save("job_c", "acme", "cancelled", me);
    assertOneLineError(Cli.run("jobs", "cancel", "--data", data, "job_s"), "already succeeded");
    assertOneLineError(Cli.run("jobs", "cancel", "--data", data, "job_x"), "no job 'job_x'");
    Cli again = Cli.run("jobs", "cancel", "--data", data, "job_c");
    assertThat(again.exit()).isZero();
    assertThat(again.out()).contains("already cancelled");
  }

  @Test
  void aJobWhoseServerDiedIsListedAsLost() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor(30, TimeUnit.SECONDS);
    save("job_d", "acme", "running", p.pid());
    assertOneLineError(Cli.run("jobs", "cancel", "--data", data, "job_d"), "job_lost");
    Cli list = Cli.run("jobs", "list", "--data", data);
    assertThat(list.out()).contains("job_d").contains("failed").contains("job_lost");
  }

  @Test
  void
      anEvaluationJobWhoseServerDiedIsListedInterruptedWithItsProgressAndCancelledForTheNextServer()
          throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor(30, TimeUnit.SECONDS);
    try (JobStore store = JobStore.open(tmp.resolve("data/grounded.db"))) {
      store.save(
          new JobStore.Row(
              "job_e",
              "eval",
              "acme",
              "qa",
              "running",
              System.currentTimeMillis(),
              p.pid(),
              false,
              "{\"id\":\"job_e\",\"object\":\"eval.job\",\"kind\":\"eval\",\"status\":\"running\","
                  + "\"progress\":{\"total\":50,\"done\":20},\"error\":null}"),
          "{\"collection\":\"qa\",\"items\":[]}");
    }
    Cli table = Cli.run("jobs", "list", "--data", data);
    assertThat(table.exit()).as(table.err()).isZero();
    assertThat(table.out().lines().toList())
        .anySatisfy(
            l -> assertThat(l).contains("job_e", "eval", "acme", "qa", "interrupted", "20/50"));
    JsonNode json = Json.MAPPER.readTree(Cli.run("jobs", "list", "--data", data, "--json").out());
    assertThat(json.get("data").get(0).get("interrupted").asBoolean()).isTrue();
    assertThat(json.get("data").get(0).get("status").asText()).isEqualTo("running");
    Cli cancel = Cli.run("jobs", "cancel", "--data", data, "job_e");
    assertThat(cancel.exit()).as(cancel.err()).isZero();
    assertThat(cancel.out()).contains("the next server to start on this data directory reports it");
    assertThat(cancelRequested("job_e")).isTrue();
  }

  @Test
  void anIngestIntoACollectionAnotherWriterHoldsFailsWithAConflictAfterTheLockWait()
      throws Exception {
    Path doc = Files.writeString(tmp.resolve("a.txt"), "Some text about lighthouses.");
    assertThat(Cli.run("ingest", "--data", data, "--quiet", doc.toString()).exit()).isZero();
    try (LuceneIndex other = LuceneIndex.open(tmp.resolve("data/index/default"))) {
      Cli r = Cli.run("ingest", "--data", data, "--quiet", "--lock-wait", "1", doc.toString());
      assertOneLineError(
          r,
          "collection 'default' is being written by another process (waited 1 s,"
              + " ingest.lock_wait)");
    }
  }
}
