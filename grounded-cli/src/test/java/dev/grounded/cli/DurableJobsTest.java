package dev.grounded.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durable jobs across a real crash: {@code grounded serve} runs in a child JVM, gets an ingest job
 * of a folder, two uploads queued behind it and an asynchronous evaluation, and is killed with
 * SIGKILL while they run. A new server on the same data directory resumes every job (an upload
 * whose file was removed meanwhile is failed with {@code job_lost}): none vanishes, and the resumed
 * ones finish with the whole folder ingested and the whole evaluation reported.
 */
@Timeout(180)
class DurableJobsTest {
  private static final int FILES = 120;
  private static final int QUESTIONS = 400;
  private static final Pattern SERVING =
      Pattern.compile("serving on (http://127\\.0\\.0\\.1:\\d+)");

  @TempDir Path tmp;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<Process> children = new ArrayList<>();

  @AfterEach
  void killChildren() throws InterruptedException {
    for (Process p : children) {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void killDashNineMidJobsThenARestartResumesEveryJobOrReportsItLostAndNoneVanish()
      throws Exception {
    Path roots = tmp.resolve("roots");
    Path big = roots.resolve("big");
    Path qa = roots.resolve("qa");
    for (int i = 0; i < FILES; i++)
      Files.writeString(
          Files.createDirectories(big).resolve(String.format("f%03d.md", i)), markdown(i));
    Files.createDirectories(qa);
    Files.writeString(qa.resolve("harbor.md"), "# Harbor\n\nThe harbor master is Elena Ruiz.\n");
    Files.writeString(qa.resolve("tower.md"), "# Tower\n\nThe clock tower was built in 1887.\n");
    Path data = tmp.resolve("data");

    Process first = serve(data, roots, "first");
    String url = url(first, "first");
    assertThat(post(url, "/api/collections", "{\"name\":\"docs\"}").statusCode()).isEqualTo(201);
    assertThat(post(url, "/api/collections", "{\"name\":\"qa\"}").statusCode()).isEqualTo(201);
    HttpResponse<String> qaIngest = post(url, "/api/collections/qa/documents", pathBody(qa, true));
    assertThat(qaIngest.statusCode()).as(qaIngest.body()).isEqualTo(201);

    String folderJob = accepted(post(url, "/api/collections/docs/documents", pathBody(big, false)));
    String keptUpload = accepted(upload(url, "kept.txt", "The kept upload mentions lanterns."));
    String goneUpload = accepted(upload(url, "gone.txt", "The removed upload mentions ropes."));
    String evalJob = accepted(post(url, "/api/eval/answers", evalBody()));

    // kill -9 once both the folder's ingest and the evaluation have made progress
    awaitProgress(url, folderJob, "indexed", evalJob, "done");
    long firstPid = first.pid();
    first.destroyForcibly(); // SIGKILL: no shutdown hook, no drain, no job marked lost
    assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();

    // between the crash and the restart: the CLI shows the jobs as interrupted, none lost
    Cli list = Cli.run("jobs", "list", "--data", data.toString(), "--json");
    assertThat(list.exit()).as(list.err()).isZero();
    Map<String, JsonNode> between = byId(Json.MAPPER.readTree(list.out()).get("data"));
    for (String id : List.of(folderJob, keptUpload, goneUpload, evalJob))
      assertThat(between.get(id).path("interrupted").asBoolean()).as(id).isTrue();
    // what the killed server had committed (ingest commits every 10 s or 2,000 documents)
    int committed = committedDocuments(data.toString(), "docs");
    // one upload's file is removed while no server runs: that job cannot be resumed
    removeUpload(data.resolve("tmp/server-" + firstPid), "gone.txt");

    Process second = serve(data, roots, "second");
    String again = url(second, "second");
    Map<String, JsonNode> done = new TreeMap<>();
    for (String id : List.of(folderJob, keptUpload, goneUpload, evalJob))
      done.put(id, awaitFinished(again, id));

    for (String id : List.of(folderJob, keptUpload, evalJob)) {
      JsonNode job = done.get(id);
      assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("succeeded");
      assertThat(job.get("restarts").asInt()).as(job.toString()).isEqualTo(1);
    }
    JsonNode gone = done.get(goneUpload);
    assertThat(gone.get("status").asText()).isEqualTo("failed");
    assertThat(gone.get("error").get("code").asText()).isEqualTo("job_lost");
    assertThat(gone.get("error").get("message").asText()).contains("no longer on disk");

    JsonNode folder = done.get(folderJob);
    assertThat(
            folder.get("progress").get("indexed").asInt()
                + folder.get("progress").get("skipped").asInt())
        .as("the resumed run covers every file; the first run's commits are skipped")
        .isEqualTo(FILES);
    assertThat(folder.get("progress").get("skipped").asInt())
        .as("what the killed server committed is not ingested again")
        .isEqualTo(committed);
    System.out.printf(
        "durable jobs: killed with %d of %d files committed; resumed folder ingest %d s, eval"
            + " %d s%n",
        committed,
        FILES,
        folder.get("finished_at").asLong() - folder.get("started_at").asLong(),
        done.get(evalJob).get("finished_at").asLong()
            - done.get(evalJob).get("started_at").asLong());
    assertThat(documents(again, "docs")).hasSize(FILES + 1).contains("kept.txt");

    JsonNode report = done.get(evalJob).get("report");
    assertThat(report.get("items")).hasSize(QUESTIONS);
    System.out.println("durable jobs: eval metrics " + report.get("metrics"));
    assertThat(report.get("metrics").get("gold_in_answer").asDouble()).isPositive();

    // none vanished: the list has every job, and the CLI agrees with the API
    Map<String, JsonNode> listed = byId(get(again, "/api/jobs").get("data"));
    assertThat(listed).containsKeys(folderJob, keptUpload, goneUpload, evalJob);
    assertThat(listed.get(evalJob).has("report")).as("lists leave reports out").isFalse();
    Cli after = Cli.run("jobs", "list", "--data", data.toString(), "--json");
    Map<String, JsonNode> cli = byId(Json.MAPPER.readTree(after.out()).get("data"));
    for (String id : done.keySet())
      assertThat(cli.get(id).get("status").asText()).isEqualTo(done.get(id).get("status").asText());
  }

  // --- the child server

  private Process serve(Path data, Path roots, String name) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p =
        new ProcessBuilder(
                java,
                "--add-modules",
                "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx1g",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "serve",
                "--data",
                data.toString(),
                "--port",
                "0",
                "--ingest-root",
                roots.toString(),
                "--access-log",
                tmp.resolve(name + ".access").toString())
            .directory(tmp.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(tmp.resolve(name + ".out").toFile())
            .redirectError(tmp.resolve(name + ".err").toFile())
            .start();
    children.add(p);
    return p;
  }

  /** The URL the child says it serves on, once it does. */
  private String url(Process p, String name) throws Exception {
    Path err = tmp.resolve(name + ".err");
    while (true) {
      String log = Files.exists(err) ? Files.readString(err, StandardCharsets.UTF_8) : "";
      Matcher m = SERVING.matcher(log);
      if (m.find()) return m.group(1);
      assertThat(p.isAlive()).as("the server exited:\n" + log).isTrue();
      Thread.sleep(100);
    }
  }

  // --- requests

  private static String markdown(int i) {
    StringBuilder s = new StringBuilder("# Record " + i + "\n\n");
    for (int p = 0; p < 3; p++)
      s.append("Ledger entry ")
          .append(i)
          .append('.')
          .append(p)
          .append(": the release team noted that shipment ")
          .append(i * 7 + p)
          .append(" left the north dock on schedule and was counted twice.\n\n");
    return s.toString();
  }

  private static String pathBody(Path path, boolean wait) throws IOException {
    return Json.MAPPER.writeValueAsString(Map.of("path", path.toString(), "wait", wait));
  }

  private static String evalBody() throws IOException {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("collection", "qa");
    o.put("async", true);
    ArrayNode items = o.putArray("items");
    for (int i = 0; i < QUESTIONS; i++) {
      ObjectNode item = items.addObject();
      item.put("id", "q" + i);
      if (i % 2 == 0) {
        item.put("question", "Who is the harbor master?");
        item.putArray("answers").add("Elena Ruiz");
      } else {
        item.put("question", "When was the clock tower built?");
        item.putArray("answers").add("1887");
      }
    }
    return Json.MAPPER.writeValueAsString(o);
  }

  private HttpResponse<String> post(String url, String path, String json) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> upload(String url, String name, String text) throws Exception {
    String boundary = "----grounded" + System.nanoTime();
    String body =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
            + name
            + "\"\r\nContent-Type: text/plain\r\n\r\n"
            + text
            + "\r\n--"
            + boundary
            + "--\r\n";
    return http.send(
        HttpRequest.newBuilder(URI.create(url + "/api/collections/docs/documents"))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode get(String url, String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url + path)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return Json.MAPPER.readTree(r.body());
  }

  private static String accepted(HttpResponse<String> r) throws IOException {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return Json.MAPPER.readTree(r.body()).get("id").asText();
  }

  /** Waits until both jobs have counted progress, each still queued or running. */
  private void awaitProgress(String url, String job, String counter, String other, String of)
      throws Exception {
    while (true) {
      JsonNode j = get(url, "/api/jobs/" + job);
      JsonNode o = get(url, "/api/jobs/" + other);
      for (JsonNode x : List.of(j, o))
        assertThat(x.get("status").asText()).as(x.toString()).isIn("queued", "running");
      if (j.get("progress").get(counter).asInt() > 0 && o.get("progress").get(of).asInt() > 0)
        return;
      Thread.sleep(50);
    }
  }

  private JsonNode awaitFinished(String url, String job) throws Exception {
    while (true) {
      JsonNode j = get(url, "/api/jobs/" + job);
      if (!List.of("queued", "running").contains(j.get("status").asText())) return j;
      Thread.sleep(200);
    }
  }

  private List<String> documents(String url, String collection) throws Exception {
    List<String> ids = new ArrayList<>();
    String after = null;
    while (true) {
      JsonNode page =
          get(
              url,
              "/api/collections/"
                  + collection
                  + "/documents?limit=100"
                  + (after == null ? "" : "&after=" + after));
      for (JsonNode d : page.get("data")) ids.add(d.get("id").asText());
      if (!page.path("has_more").asBoolean()) return ids;
      after = ids.getLast();
    }
  }

  /** Documents of the collection as {@code grounded documents list} reads them from disk. */
  private static int committedDocuments(String data, String collection) throws IOException {
    int n = 0;
    String after = null;
    while (true) {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "documents",
                  "list",
                  "--data",
                  data,
                  "--collection",
                  collection,
                  "--limit",
                  "100",
                  "--json"));
      if (after != null) args.addAll(List.of("--after", after));
      Cli r = Cli.run(args.toArray(String[]::new));
      assertThat(r.exit()).as(r.err()).isZero();
      JsonNode page = Json.MAPPER.readTree(r.out());
      n += page.get("data").size();
      if (!page.get("has_more").asBoolean()) return n;
      after = page.get("last_id").asText();
    }
  }

  private static Map<String, JsonNode> byId(JsonNode list) {
    Map<String, JsonNode> out = new TreeMap<>();
    for (JsonNode j : list) out.put(j.get("id").asText(), j);
    return out;
  }

  /** Removes the upload folder of the dead server that holds {@code name}. */
  private static void removeUpload(Path serverTmp, String name) throws IOException {
    List<Path> found;
    try (Stream<Path> files = Files.walk(serverTmp)) {
      found = files.filter(f -> f.getFileName().toString().equals(name)).toList();
    }
    assertThat(found).as("the killed server's upload of " + name).hasSize(1);
    Path folder = found.getFirst().getParent();
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(f);
    }
  }
}
