package dev.grounded.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.answer.Asker;
import dev.grounded.answer.ExtractiveGenerator;
import dev.grounded.answer.ExtractiveOptions;
import dev.grounded.answer.QuoteVerifier;
import dev.grounded.embed.Embedder;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Asynchronous evaluations through the API: {@code POST /api/eval/answers} with {@code "async":
 * true} or {@code Prefer: respond-async} answers 202 with an eval job, whose report {@code GET
 * /api/jobs/{id}} returns once it succeeded, the same report the request gives within the request;
 * progress while running, cancel, limits and tenant isolation. A gate around the real embedder's
 * query embedding holds an evaluation running while the test looks at it.
 */
@Timeout(120)
class EvalJobsTest {
  private TestServer server;

  @AfterEach
  void close() {
    if (server != null) server.close();
  }

  /** A server whose answers embed questions with {@code embedders} applied to the real model. */
  private void start(UnaryOperator<Embedder> embedders) {
    Embedder model = TestServer.embedder();
    Embedder questions = embedders.apply(model);
    server =
        TestServer.answering(
            TestServer.temp("grounded-evaljobs"),
            (r, stats) ->
                new Asker(
                    questions,
                    r,
                    new ExtractiveGenerator(model, ExtractiveOptions.DEFAULTS, stats),
                    new QuoteVerifier()));
    server.seed(null, "qa", "harbor.txt", "The harbor master is Elena Ruiz. The tower dates 1887.");
  }

  @Test
  void anAsyncEvaluationIsA202JobWhoseReportEqualsTheOneGivenWithinTheRequest() {
    start(e -> e);
    String items = items(40).toString();
    TestServer.Reply sync =
        server.post("/api/eval/answers", null, "{\"collection\":\"qa\",\"items\":" + items + "}");
    assertThat(sync.status()).as(sync.body()).isEqualTo(200);

    TestServer.Reply accepted =
        server.post(
            "/api/eval/answers",
            null,
            "{\"collection\":\"qa\",\"async\":true,\"items\":" + items + "}");
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    JsonNode job = accepted.json();
    assertThat(job.get("object").asText()).isEqualTo("eval.job");
    assertThat(job.get("kind").asText()).isEqualTo("eval");
    assertThat(job.get("collection").asText()).isEqualTo("qa");
    assertThat(job.get("progress").get("total").asInt()).isEqualTo(40);
    assertThat(job.get("status").asText()).isIn("queued", "running", "succeeded");

    JsonNode done =
        awaitStatus(job.get("id").asText(), s -> !s.equals("queued") && !s.equals("running"));
    assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("succeeded");
    assertThat(done.get("progress").get("done").asInt()).isEqualTo(40);
    assertThat(done.get("error").isNull()).isTrue();
    JsonNode report = done.get("report");
    assertThat(report.get("items")).hasSize(40);
    assertThat(report.get("metrics")).isEqualTo(sync.json().get("metrics"));
    assertThat(report.get("items")).isEqualTo(sync.json().get("items"));

    JsonNode listed = server.get("/api/jobs", null).json().get("data");
    assertThat(listed)
        .anySatisfy(
            j -> {
              assertThat(j.get("id").asText()).isEqualTo(job.get("id").asText());
              assertThat(j.has("report")).as("lists leave reports out").isFalse();
            });

    JsonNode evals = server.get("/api/jobs?kind=eval", null).json().get("data");
    assertThat(evals).allSatisfy(j -> assertThat(j.get("kind").asText()).isEqualTo("eval"));
    JsonNode summarized = evals.get(0);
    assertThat(summarized.get("id").asText()).isEqualTo(job.get("id").asText());
    assertThat(summarized.has("report")).isFalse();
    assertThat(summarized.at("/summary/metrics")).isEqualTo(sync.json().get("metrics"));
    assertThat(summarized.at("/summary/dataset")).isEqualTo(sync.json().get("dataset"));
    assertThat(summarized.at("/summary/config/collection").asText()).isEqualTo("qa");
    assertThat(server.get("/api/jobs?kind=ingest", null).json().get("data"))
        .allSatisfy(j -> assertThat(j.get("kind").asText()).isEqualTo("ingest"))
        .isNotEmpty();
    assertThat(server.get("/api/jobs?kind=other", null).status()).isEqualTo(400);
  }

  @Test
  void preferRespondAsyncMakesItAJobAndSaysSoWithItsLocation() throws Exception {
    start(e -> e);
    HttpResponse<String> r =
        server.http.send(
            HttpRequest.newBuilder(URI.create(server.url("/api/eval/answers")))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Prefer", "wait=5, respond-async")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"collection\":\"qa\",\"items\":" + items(3) + "}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    assertThat(r.headers().firstValue("Preference-Applied")).contains("respond-async");
    String id = Json.MAPPER.readTree(r.body()).get("id").asText();
    assertThat(r.headers().firstValue("Location")).contains("/api/jobs/" + id);
    assertThat(
            awaitStatus(id, s -> s.equals("succeeded") || s.equals("failed"))
                .get("status")
                .asText())
        .isEqualTo("succeeded");
  }

  @Test
  void withinARequestAtMost200ItemsAsAJobAtMost10000() {
    start(e -> e);
    TestServer.Reply tooMany =
        server.post(
            "/api/eval/answers", null, "{\"collection\":\"qa\",\"items\":" + items(201) + "}");
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.error().get("param").asText()).isEqualTo("items");
    assertThat(tooMany.error().get("message").asText()).contains("at most 200").contains("async");
    TestServer.Reply tooManyAsync =
        server.post(
            "/api/eval/answers",
            null,
            "{\"collection\":\"qa\",\"async\":true,\"items\":" + items(10_001) + "}");
    assertThat(tooManyAsync.status()).isEqualTo(400);
    assertThat(tooManyAsync.error().get("message").asText()).contains("at most 10000");
    assertThat(server.get("/api/jobs", null).json().get("data"))
        .noneSatisfy(j -> assertThat(j.get("kind").asText()).isEqualTo("eval"));
  }

  @Test
  void cancellingARunningEvaluationStopsItBeforeItsRemainingQuestions() throws Exception {
    QueryGate gate = new QueryGate();
    start(gate);
    gate.armed = true;
    String id =
        server
            .post(
                "/api/eval/answers",
                null,
                "{\"collection\":\"qa\",\"async\":true,\"items\":" + items(60) + "}")
            .json()
            .get("id")
            .asText();
    gate.awaitEntered(); // the first questions are being answered
    JsonNode running = server.get("/api/jobs/" + id, null).json();
    assertThat(running.get("status").asText()).isEqualTo("running");
    assertThat(running.get("progress").get("done").asInt()).isZero();
    TestServer.Reply cancel = server.delete("/api/jobs/" + id, null);
    assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);
    assertThat(cancel.json().get("cancel_requested").asBoolean()).isTrue();
    gate.open();
    JsonNode done = awaitStatus(id, s -> !s.equals("running"));
    assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("cancelled");
    assertThat(done.get("progress").get("done").asInt()).isLessThan(60);
    assertThat(done.has("report")).isFalse();
    assertThat(server.delete("/api/jobs/" + id, null).status()).isEqualTo(200);
  }

  @Test
  void anotherTenantNeitherSeesNorCancelsAnEvaluationJob() {
    start(e -> e);
    String alice = server.keys.create("alice", "").secret();
    String bob = server.keys.create("bob", "").secret();
    server.seed(alice, "qa", "harbor.txt", "The harbor master is Elena Ruiz.");
    String id =
        server
            .post(
                "/api/eval/answers",
                alice,
                "{\"collection\":\"qa\",\"async\":true,\"items\":" + items(5) + "}")
            .json()
            .get("id")
            .asText();
    assertThat(server.get("/api/jobs/" + id, bob).status()).isEqualTo(404);
    assertThat(server.delete("/api/jobs/" + id, bob).status()).isEqualTo(404);
    assertThat(server.get("/api/jobs", bob).body()).doesNotContain(id);
    assertThat(server.get("/api/jobs?kind=eval", bob).json().get("data")).isEmpty();
    assertThat(server.get("/api/jobs/" + id, alice).status()).isEqualTo(200);
  }

  // --- helpers

  private static ArrayNode items(int n) {
    ArrayNode items = Json.MAPPER.createArrayNode();
    for (int i = 0; i < n; i++) {
      ObjectNode item = items.addObject();
      item.put("id", "q" + i);
      boolean harbor = i % 2 == 0;
      item.put("question", harbor ? "Who is the harbor master?" : "When does the tower date from?");
      item.putArray("answers").add(harbor ? "Elena Ruiz" : "1887");
    }
    return items;
  }

  private JsonNode awaitStatus(String job, Predicate<String> done) {
    while (true) {
      JsonNode j = server.get("/api/jobs/" + job, null).json();
      if (done.test(j.get("status").asText())) return j;
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** Once armed, holds every query embedding until opened: an evaluation stays running. */
  static final class QueryGate implements UnaryOperator<Embedder> {
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch open = new CountDownLatch(1);
    volatile boolean armed;

    void open() {
      open.countDown();
    }

    void awaitEntered() throws InterruptedException {
      assertThat(entered.await(60, TimeUnit.SECONDS))
          .as("a question reached the embedder")
          .isTrue();
    }

    @Override
    public Embedder apply(Embedder real) {
      return new Embedder() {
        @Override
        public List<float[]> embed(List<String> texts) {
          return real.embed(texts);
        }

        @Override
        public float[] embedQuery(String query) {
          if (armed) {
            entered.countDown();
            try {
              if (!open.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("gate shut");
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException(e);
            }
          }
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
