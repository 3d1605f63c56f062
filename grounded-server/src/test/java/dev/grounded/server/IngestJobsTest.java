package dev.grounded.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grounded.embed.Embedder;
import dev.grounded.index.LuceneIndex;
import dev.grounded.ingest.IngestOptions;
import dev.grounded.ingest.parse.ParsedDocument;
import dev.grounded.ingest.parse.Section;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ingest jobs through the API: per-tenant limits (429 with Retry-After), cancellation, persistence
 * in {@code grounded.db}, upload folders under {@code <data>/tmp}, and waiting for a collection
 * held by another process. A gate around the real embedder holds a job running while the test looks
 * at it.
 */
@Timeout(120)
class IngestJobsTest {
  /** One document per embedding batch: a running job can stop between documents. */
  static final IngestOptions ONE_BY_ONE = new IngestOptions(1, 2, 1_000, 60_000);

  private TestServer server;

  @AfterEach
  void close() {
    if (server != null) server.close();
  }

  private TestServer start(ServerConfig config, IngestOptions options, Gate gate) {
    server = new TestServer(TestServer.temp("grounded-jobs"), config, options, p -> p, gate);
    server.post("/api/collections", null, "{\"name\":\"docs\"}");
    return server;
  }

  @Test
  void uploadsBeyondTheTenantsLimitOfQueuedJobsGet429WithRetryAfterUntilOneFinishes() {
    Gate gate = new Gate();
    start(ServerConfig.loopback().withJobLimits(2, 1 << 30), ONE_BY_ONE, gate);
    assertThat(upload("a.txt", "Alpha text.").statusCode()).isEqualTo(202);
    assertThat(upload("b.txt", "Bravo text.").statusCode()).isEqualTo(202);
    HttpResponse<String> refused = upload("c.txt", "Charlie text.");
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).contains("10");
    JsonNode error = json(refused.body()).get("error");
    assertThat(error.get("code").asText()).isEqualTo("rate_limited");
    assertThat(error.get("type").asText()).isEqualTo("rate_limit_error");
    assertThat(error.get("message").asText()).contains("server.max_queued_jobs_per_tenant");
    gate.open();
    for (JsonNode job : server.get("/api/jobs", null).json().get("data"))
      awaitStatus(job.get("id").asText(), s -> s.equals("succeeded"));
    assertThat(upload("c.txt", "Charlie text.").statusCode()).isEqualTo(202);
  }

  @Test
  void oneTenantAtItsLimitDoesNotStopAnotherTenantsUploads() {
    Gate gate = new Gate();
    start(ServerConfig.loopback().withJobLimits(1, 1 << 30), ONE_BY_ONE, gate);
    String acme = server.keys.create("acme", "").secret();
    String beta = server.keys.create("beta", "").secret();
    for (String key : List.of(acme, beta))
      assertThat(server.post("/api/collections", key, "{\"name\":\"docs\"}").status())
          .isEqualTo(201);
    byte[] text = "Alpha text.".getBytes(StandardCharsets.UTF_8);
    assertThat(server.upload("docs", acme, "a.txt", text).status()).isEqualTo(202);
    assertThat(server.upload("docs", acme, "b.txt", text).status()).isEqualTo(429);
    assertThat(server.upload("docs", beta, "a.txt", text).status()).isEqualTo(202);
    gate.open();
  }

  @Test
  void uploadsBeyondTheTenantsQueuedBytesGet429() {
    Gate gate = new Gate();
    start(ServerConfig.loopback().withJobLimits(100, 3_000), ONE_BY_ONE, gate);
    assertThat(upload("a.txt", "a".repeat(2_000)).statusCode()).isEqualTo(202);
    HttpResponse<String> refused = upload("b.txt", "b".repeat(2_000));
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(json(refused.body()).get("error").get("message").asText())
        .contains("server.max_queued_upload_bytes_per_tenant");
    gate.open();
  }

  @Test
  void aCancelledQueuedJobNeverStartsAndItsDocumentIsNeverStored() throws Exception {
    Gate gate = new Gate();
    start(ServerConfig.loopback(), ONE_BY_ONE, gate);
    String first = id(upload("a.txt", "Alpha text."));
    gate.awaitEntered(); // the first job holds the collection
    String second = id(upload("b.txt", "Bravo text."));
    assertThat(server.get("/api/jobs/" + second, null).json().get("status").asText())
        .isEqualTo("queued");
    TestServer.Reply cancelled = server.delete("/api/jobs/" + second, null);
    assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
    assertThat(cancelled.json().get("status").asText()).isEqualTo("cancelled");
    gate.open();
    awaitStatus(first, s -> s.equals("succeeded"));
    assertThat(server.get("/api/jobs/" + second, null).json().get("status").asText())
        .isEqualTo("cancelled");
    assertThat(server.get("/api/collections/docs/documents/b.txt", null).status()).isEqualTo(404);
    assertThat(server.get("/api/collections/docs/documents/a.txt", null).status()).isEqualTo(200);
  }

  @Test
  void aRunningJobCancelledFromTheDatabaseStopsBetweenDocumentsKeepingWhatItCommitted()
      throws Exception {
    Path root = TestServer.temp("grounded-root");
    for (int i = 0; i < 5; i++)
      Files.writeString(root.resolve("d" + i + ".txt"), "Document number " + i + " is here.");
    Gate gate = new Gate();
    start(ServerConfig.loopback().withIngestRoots(List.of(root)), ONE_BY_ONE, gate);
    String job =
        server
            .post(
                "/api/collections/docs/documents",
                null,
                "{\"path\":" + Json.MAPPER.writeValueAsString(root.toString()) + "}")
            .json()
            .get("id")
            .asText();
    gate.awaitEntered(); // embedding the first document
    // what `grounded jobs cancel` does: the running server notices within a second
    try (JobStore store = JobStore.open(server.data.resolve("grounded.db"))) {
      assertThat(store.get(job).orElseThrow().status()).isEqualTo("running");
      assertThat(store.requestCancel(job)).isTrue();
    }
    // the job looks at the database at most once a second, between documents: let a poll be due
    Thread.sleep(Jobs.STORE_POLL_MILLIS + 200);
    gate.open();
    JsonNode done = awaitStatus(job, s -> !s.equals("running"));
    assertThat(done.get("status").asText()).isEqualTo("cancelled");
    assertThat(done.get("cancel_requested").asBoolean()).isTrue();
    assertThat(done.get("progress").get("indexed").asInt()).isEqualTo(1);
    JsonNode docs = server.get("/api/collections/docs/documents", null).json().get("data");
    assertThat(docs).hasSize(1);
    assertThat(docs.get(0).get("chunks").asInt()).isPositive();
    TestServer.Reply again = server.delete("/api/jobs/" + job, null);
    assertThat(again.status()).isEqualTo(200); // cancelling a cancelled job changes nothing
  }

  @Test
  void cancellingAFinishedJobIsAConflictAndAnUnknownJobIsNotFound() {
    start(ServerConfig.loopback(), IngestOptions.DEFAULTS, new Gate().opened());
    TestServer.Reply done =
        server.upload(
            "docs", null, "a.txt", "Alpha.".getBytes(StandardCharsets.UTF_8), "wait", "true");
    TestServer.Reply r = server.delete("/api/jobs/" + done.json().get("id").asText(), null);
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.error().get("code").asText()).isEqualTo("conflict");
    assertThat(r.error().get("message").asText()).contains("already succeeded");
    assertThat(server.delete("/api/jobs/job_nope", null).status()).isEqualTo(404);
  }

  @Test
  void jobsLeftUnfinishedByAServerThatDiedAreReportedLostAfterARestart() throws Exception {
    Path data = TestServer.temp("grounded-lost");
    long dead = deadPid();
    try (JobStore store = JobStore.open(data.resolve("grounded.db"))) {
      store.save(
          new JobStore.Row(
              "job_dead",
              "default",
              "docs",
              "running",
              System.currentTimeMillis(),
              dead,
              false,
              "{\"id\":\"job_dead\",\"object\":\"ingest.job\",\"status\":\"running\"}"));
    }
    Path stale = data.resolve("tmp/server-" + dead + "/upload-1/big.pdf");
    Files.createDirectories(stale.getParent());
    Files.writeString(stale, "left by a killed server");
    server = new TestServer(data, ServerConfig.loopback(), IngestOptions.DEFAULTS, p -> p, e -> e);
    JsonNode job = server.get("/api/jobs/job_dead", null).json();
    assertThat(job.get("status").asText()).isEqualTo("failed");
    assertThat(job.get("error").get("code").asText()).isEqualTo("job_lost");
    assertThat(server.get("/api/jobs", null).json().get("data")).hasSize(1);
    assertThat(data.resolve("tmp/server-" + dead)).doesNotExist();
  }

  @Test
  void aJobAlreadyResumedThreeTimesIsNotResumedAgainButReportedLost() throws Exception {
    Path data = TestServer.temp("grounded-poison");
    Path root = TestServer.temp("grounded-poison-root");
    Files.writeString(root.resolve("a.txt"), "Alpha text.");
    try (JobStore store = JobStore.open(data.resolve("grounded.db"))) {
      for (int restarts : List.of(JobHandover.MAX_RESTARTS - 1, JobHandover.MAX_RESTARTS))
        store.save(
            new JobStore.Row(
                "job_r" + restarts,
                "default",
                "docs",
                "running",
                System.currentTimeMillis(),
                deadPid(),
                false,
                "{\"id\":\"job_r" + restarts + "\",\"restarts\":" + restarts + "}"),
            "{\"source\":\"path\",\"path\":"
                + Json.MAPPER.writeValueAsString(root.toString())
                + "}");
    }
    server =
        new TestServer(
            data,
            ServerConfig.loopback().withIngestRoots(List.of(root)),
            IngestOptions.DEFAULTS,
            p -> p,
            e -> e);
    JsonNode poisoned = server.get("/api/jobs/job_r" + JobHandover.MAX_RESTARTS, null).json();
    assertThat(poisoned.get("status").asText()).isEqualTo("failed");
    assertThat(poisoned.get("error").get("code").asText()).isEqualTo("job_lost");
    assertThat(poisoned.get("error").get("message").asText())
        .contains("already resumed " + JobHandover.MAX_RESTARTS + " times");
    // the collection is gone (never created here): the other one is lost too, saying so
    JsonNode other = server.get("/api/jobs/job_r" + (JobHandover.MAX_RESTARTS - 1), null).json();
    assertThat(other.get("error").get("message").asText()).contains("no longer exists");
  }

  @Test
  void aJobStillRunningWhenTheServerStopsIsReleasedWithItsUploadAndTheNextServerResumesIt()
      throws Exception {
    Gate gate = new Gate();
    ServerConfig quick =
        new ServerConfig(
            "127.0.0.1",
            0,
            ServerConfig.DEFAULT_MAX_UPLOAD_BYTES,
            List.of(),
            Duration.ofSeconds(2),
            System.out,
            System.err);
    start(quick, ONE_BY_ONE, gate);
    String job = id(upload("a.txt", "Alpha text."));
    gate.awaitEntered();
    Path data = server.data;
    Path uploads = data.resolve("tmp/server-" + ProcessHandle.current().pid());
    assertThat(named(uploads, "a.txt")).hasSize(1);
    server.server.stop(); // the job is still held by the gate after the 2 s drain
    try (JobStore store = JobStore.open(data.resolve("grounded.db"))) {
      JobStore.Row row = store.get(job).orElseThrow();
      assertThat(row.status()).isEqualTo("running");
      assertThat(row.interrupted()).as("released: no server owns it").isTrue();
    }
    assertThat(uploads).doesNotExist();
    assertThat(named(data.resolve("tmp/parked"), "a.txt")).hasSize(1);
    gate.open();
    server.close();

    server = new TestServer(data, ServerConfig.loopback(), ONE_BY_ONE, p -> p, e -> e);
    JsonNode done = awaitStatus(job, s -> !s.equals("queued") && !s.equals("running"));
    assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("succeeded");
    assertThat(done.get("restarts").asInt()).isEqualTo(1);
    assertThat(server.get("/api/collections/docs/documents/a.txt", null).status()).isEqualTo(200);
    assertThat(data.resolve("tmp/parked")).doesNotExist();
  }

  private static List<Path> named(Path dir, String name) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.getFileName().toString().equals(name)).toList();
    }
  }

  @Test
  void aParserThrowingAnErrorGetsAnOpenAiErrorIsLoggedAndLeavesNoUploadBehind() {
    server =
        new TestServer(
            TestServer.temp("grounded-fault"),
            ServerConfig.loopback(),
            IngestOptions.DEFAULTS,
            real ->
                file -> {
                  if (file.getFileName().toString().startsWith("deep"))
                    throw new StackOverflowError("injected");
                  return real.parse(file);
                },
            e -> e);
    server.post("/api/collections", null, "{\"name\":\"docs\"}");
    TestServer.Reply r =
        server.upload("docs", null, "deep.xml", "<a><b/></a>".getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).as(r.body()).isEqualTo(422);
    assertThat(r.error().get("code").asText()).isEqualTo("unparseable_document");
    assertThat(r.error().get("message").asText())
        .contains("deep.xml")
        .contains("StackOverflowError");
    assertThat(server.errorLog()).contains("StackOverflowError").contains("injected");
    Path uploads = server.data.resolve("tmp/server-" + ProcessHandle.current().pid());
    assertThat(uploads.toFile().list()).isNullOrEmpty();
    assertThat(server.get("/api/collections/docs/documents/deep.xml", null).status())
        .isEqualTo(404);
  }

  @Test
  void aLargeUploadIsSpilledAndKeptUnderTheDataDirectoryAndRemovedWhenItsJobEnds()
      throws Exception {
    CountDownLatch parsing = new CountDownLatch(1);
    CountDownLatch resume = new CountDownLatch(1);
    server =
        new TestServer(
            TestServer.temp("grounded-spill"),
            ServerConfig.loopback(),
            IngestOptions.DEFAULTS,
            real ->
                file -> {
                  parsing.countDown();
                  try {
                    resume.await(60, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  // what is read does not matter here: keep the embedding small
                  String text = "The keeper's log.";
                  return new ParsedDocument(
                      file.toString(),
                      "Log",
                      text,
                      List.of(new Section(List.of(), 0, 0, text.length())));
                },
            e -> e);
    server.post("/api/collections", null, "{\"name\":\"docs\"}");
    String text = "The lighthouse keeper writes in the log. ".repeat(40_000); // 1.6 MB
    Multipart m = new Multipart().file("file", "big.txt", text.getBytes(StandardCharsets.UTF_8));
    var reply =
        server.http.sendAsync(
            HttpRequest.newBuilder(URI.create(server.url("/api/collections/docs/documents")))
                .header("Content-Type", m.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(m.bytes()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(parsing.await(60, TimeUnit.SECONDS)).isTrue();
    Path uploads = server.data.resolve("tmp/server-" + ProcessHandle.current().pid());
    try (Stream<Path> files = Files.walk(uploads)) {
      // the copy the parser reads, and the part Jetty spilled (over 1 MiB: not kept in memory)
      assertThat(files.filter(Files::isRegularFile).filter(f -> sizeOf(f) == text.length()))
          .hasSize(2);
    }
    resume.countDown();
    HttpResponse<String> accepted = reply.get(60, TimeUnit.SECONDS);
    awaitStatus(id(accepted), s -> s.equals("succeeded"));
    try (Stream<Path> files = Files.walk(uploads)) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }

  private static long sizeOf(Path f) {
    try {
      return Files.size(f);
    } catch (IOException e) {
      return -1;
    }
  }

  @Test
  void aJobWaitsQueuedForACollectionHeldByAnotherProcessAndSucceedsOnceItIsFree() throws Exception {
    start(
        ServerConfig.loopback(),
        IngestOptions.DEFAULTS.withLockWait(Duration.ofSeconds(60)),
        new Gate().opened());
    String job;
    try (LuceneIndex other = LuceneIndex.open(server.kb.indexPath("docs"))) {
      job = id(upload("a.txt", "Alpha text."));
      Thread.sleep(500); // without a wait, the job would have failed by now
      assertThat(server.get("/api/jobs/" + job, null).json().get("status").asText())
          .isEqualTo("queued");
    }
    awaitStatus(job, s -> s.equals("succeeded"));
  }

  @Test
  void aWaitingUploadToACollectionHeldByAnotherProcessPastTheLockWaitIs409() {
    start(
        ServerConfig.loopback(),
        IngestOptions.DEFAULTS.withLockWait(Duration.ofMillis(300)),
        new Gate().opened());
    try (LuceneIndex other = LuceneIndex.open(server.kb.indexPath("docs"))) {
      TestServer.Reply r =
          server.upload(
              "docs", null, "a.txt", "Alpha.".getBytes(StandardCharsets.UTF_8), "wait", "true");
      assertThat(r.status()).as(r.body()).isEqualTo(409);
      assertThat(r.error().get("code").asText()).isEqualTo("conflict");
      assertThat(r.error().get("message").asText())
          .contains("collection 'docs' is being written by another process");
    }
  }

  // --- helpers

  private HttpResponse<String> upload(String name, String text) {
    Multipart m = new Multipart().file("file", name, text.getBytes(StandardCharsets.UTF_8));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.url("/api/collections/docs/documents")))
            .header("Content-Type", m.contentType())
            .POST(HttpRequest.BodyPublishers.ofByteArray(m.bytes()))
            .build();
    try {
      return server.http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String id(HttpResponse<String> accepted) {
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    return json(accepted.body()).get("id").asText();
  }

  private static JsonNode json(String body) {
    try {
      return Json.MAPPER.readTree(body);
    } catch (IOException e) {
      throw new AssertionError(body, e);
    }
  }

  private JsonNode awaitStatus(String job, Predicate<String> done) {
    while (true) {
      JsonNode j = server.get("/api/jobs/" + job, null).json();
      if (done.test(j.get("status").asText())) return j;
      pause();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The pid of a process that has exited. */
  private static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor(30, TimeUnit.SECONDS);
    return p.pid();
  }

  /** Holds every ingest embedding call until opened: the job stays running meanwhile. */
  static final class Gate implements UnaryOperator<Embedder> {
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch open = new CountDownLatch(1);

    Gate opened() {
      open.countDown();
      return this;
    }

    void open() {
      open.countDown();
    }

    void awaitEntered() throws InterruptedException {
      assertThat(entered.await(60, TimeUnit.SECONDS)).as("an ingest reached the embedder").isTrue();
    }

    @Override
    public Embedder apply(Embedder real) {
      return new Embedder() {
        @Override
        public List<float[]> embed(List<String> texts) {
          entered.countDown();
          try {
            if (!open.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("gate shut");
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
          return real.embed(texts);
        }

        @Override
        public float[] embedQuery(String query) {
          return real.embedQuery(query);
        }

        @Override
        public int dimensions() {
          return real.dimensions();
        }
      };
    }
  }
}
