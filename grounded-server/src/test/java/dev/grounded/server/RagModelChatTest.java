package dev.grounded.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grounded.gateway.Gateway;
import dev.grounded.gateway.chain.RequestMetadata;
import dev.grounded.gateway.reliability.RetryPolicy;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream.Behaviour;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code rag:<collection>} answered by a model alias through the server's gateway: the grounded
 * prompt goes upstream, the reply comes back as a cited answer, and every call carries the
 * collection's content version.
 */
@Timeout(60)
class RagModelChatTest {
  static final String SENTENCE = "The office opens at 9 am on weekdays.";
  static FakeOpenAiUpstream upstream;
  static TestServer server;
  static final Behaviour REPLY = FakeOpenAiUpstream.answer(SENTENCE + " [1]");

  /** Answered (once each) before the reply. */
  static final Queue<Behaviour> failures = new ConcurrentLinkedQueue<>();

  static final List<RequestMetadata> seen = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    upstream =
        new FakeOpenAiUpstream(
            (n, request) -> {
              Behaviour f = failures.poll();
              return f != null ? f : REPLY;
            });
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Gateway gateway =
        TestGateways.routed(
                Map.of("fast", "fake/upstream-model"),
                TestGateways.openAi("fake", upstream.baseUrl(), http))
            .cache(
                chain -> {
                  seen.add(chain.request().metadata());
                  return chain.proceed(chain.request());
                })
            .retry(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ZERO))
            .build();
    server =
        new TestServer(
            TestServer.temp("grounded-rag-model"),
            new UpstreamModels(gateway, List.of("fast"), Duration.ofSeconds(30)));
    server.seed(null, "handbook", "hours.txt", SENTENCE + " The canteen closes at 3 pm.");
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    upstream.close();
  }

  static TestServer.Reply ask(String collection, boolean stream) {
    return server.post(
        "/v1/chat/completions",
        null,
        "{\"model\":\"rag:"
            + collection
            + "\",\"stream\":"
            + stream
            + ",\"user\":\"end-user-3\",\"messages\":[{\"role\":\"user\",\"content\":"
            + "\"When does the office open?\"}]}");
  }

  static TestServer.Reply setGenerator(String collection, String generator) {
    return server.send(
        "PATCH", "/api/collections/" + collection, null, "{\"generator\":\"" + generator + "\"}");
  }

  @Test
  void aCollectionSetToAModelAnswersWithCitationsBuiltFromTheModelsReply() {
    TestServer.Reply set = setGenerator("handbook", "model:fast");
    assertThat(set.status()).as(set.body()).isEqualTo(200);
    assertThat(set.json().get("generator").asText()).isEqualTo("model:fast");
    int before = upstream.count();

    TestServer.Reply r = ask("handbook", false);

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode message = r.json().at("/choices/0/message");
    assertThat(message.get("content").asText()).contains("office opens at 9 am").contains("[1]");
    JsonNode citations = message.at("/grounded/citations");
    assertThat(citations.size()).isEqualTo(1);
    assertThat(citations.get(0).toString()).contains(SENTENCE);
    assertThat(r.json().get("model").asText()).isEqualTo("rag:handbook");
    // the upstream saw the grounded prompt, under the alias's upstream model
    assertThat(upstream.count()).isEqualTo(before + 1);
    JsonNode sent = upstream.requests.getLast();
    assertThat(sent.get("model").asText()).isEqualTo("upstream-model");
    assertThat(sent.at("/messages/0/role").asText()).isEqualTo("system");
    assertThat(sent.at("/messages/0/content").asText()).contains("numbered sources");
    String user = sent.at("/messages/1/content").asText();
    assertThat(user)
        .contains("<source id=\"1\" document=\"hours.txt\">")
        .contains(SENTENCE)
        .endsWith("Question: When does the office open?");
    // as a call of the caller, with the collection's content version
    RequestMetadata m = seen.getLast();
    assertThat(m.tenant()).isEqualTo("default");
    assertThat(m.user()).isEqualTo("end-user-3");
    String version =
        server.get("/api/collections/handbook", null).json().get("content_version").asText();
    assertThat(m.header(RagModels.COLLECTION_VERSION)).contains(version);
  }

  @Test
  void aTenantsProductionVersionOfTheGroundedAnswerPromptIsWhatTheModelGetsUntilRolledBack() {
    assertThat(setGenerator("handbook", "model:fast").status()).isEqualTo(200);
    ask("handbook", false);
    assertThat(seen.getLast().notes().prompt()).contains("grounded.answer@1");
    var v2 = Json.object();
    v2.put("name", "grounded.answer");
    var messages = v2.putArray("messages");
    messages
        .addObject()
        .put("role", "system")
        .put("content", "Cite like a pirate from the numbered sources; else say {{no_answer}}.");
    messages.addObject().put("role", "user").put("content", "{{sources}}\nAsked: {{question}}");
    v2.putArray("labels").add("production");
    TestServer.Reply created = server.post("/api/prompts", null, v2.toString());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().get("version").asInt()).isEqualTo(2);
    try {
      TestServer.Reply r = ask("handbook", false);

      assertThat(r.status()).as(r.body()).isEqualTo(200);
      JsonNode sent = upstream.requests.getLast();
      assertThat(sent.at("/messages/0/content").asText()).startsWith("Cite like a pirate");
      assertThat(sent.at("/messages/1/content").asText())
          .contains(SENTENCE)
          .endsWith("Asked: When does the office open?");
      assertThat(seen.getLast().notes().prompt()).contains("grounded.answer@2");
    } finally {
      server.registry.rollback(
          "default", dev.grounded.gateway.registry.Kind.PROMPT, "grounded.answer", "production");
    }
    ask("handbook", false);
    assertThat(upstream.requests.getLast().at("/messages/0/content").asText())
        .contains("numbered sources");
    assertThat(seen.getLast().notes().prompt()).contains("grounded.answer@1");
  }

  @Test
  void aNewVersionOfTheGroundedAnswerPromptMustKeepItsSourcesAndQuestion() {
    TestServer.Reply r =
        server.post(
            "/api/prompts", null, "{\"name\":\"grounded.answer\",\"text\":\"{{question}}\"}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().at("/error/message").asText()).contains("must use {{sources}}");
  }

  @Test
  void theCollectionVersionTheModelCallCarriesChangesAfterAnIngest() {
    server.seed(null, "moving", "a.txt", SENTENCE);
    assertThat(setGenerator("moving", "model:fast").status()).isEqualTo(200);
    assertThat(ask("moving", false).status()).isEqualTo(200);
    String first = seen.getLast().header(RagModels.COLLECTION_VERSION).orElseThrow();
    assertThat(ask("moving", false).status()).isEqualTo(200);
    assertThat(seen.getLast().header(RagModels.COLLECTION_VERSION)).contains(first);

    server.seed(null, "moving", "b.txt", "The canteen closes at 3 pm.");

    assertThat(ask("moving", false).status()).isEqualTo(200);
    String second = seen.getLast().header(RagModels.COLLECTION_VERSION).orElseThrow();
    assertThat(second).isNotEqualTo(first);
    assertThat(server.get("/api/collections/moving", null).json().get("content_version").asText())
        .isEqualTo(second);
    // a deletion changes it too
    JsonNode docs = server.get("/api/collections/moving/documents", null).json().get("data");
    String id = null;
    for (JsonNode d : docs) if (d.toString().contains("b.txt")) id = d.get("id").asText();
    assertThat(server.delete("/api/collections/moving/documents/" + id, null).status())
        .isEqualTo(200);
    assertThat(server.get("/api/collections/moving", null).json().get("content_version").asText())
        .isNotEqualTo(second);
  }

  @Test
  void aStreamedAnswerFromTheModelEndsWithItsCitationsAndDone() {
    server.seed(null, "streamed", "hours.txt", SENTENCE);
    assertThat(setGenerator("streamed", "model:fast").status()).isEqualTo(200);
    int before = upstream.count();
    TestServer.Reply r = ask("streamed", true);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("text/event-stream");
    assertThat(r.body()).contains("office").contains("\"citations\"").contains("data: [DONE]");
    assertThat(upstream.count()).isEqualTo(before + 1);
  }

  @Test
  void theAskApiAnswersWithTheCollectionsModelToo() {
    server.seed(null, "asked", "hours.txt", SENTENCE);
    assertThat(setGenerator("asked", "model:fast").status()).isEqualTo(200);
    int before = upstream.count();
    TestServer.Reply r =
        server.post(
            "/api/collections/asked/ask",
            null,
            "{\"question\":\"When does the office open?\",\"mode\":\"bm25\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("answer").asText()).contains("office opens at 9 am");
    assertThat(r.json().get("citations").size()).isEqualTo(1);
    assertThat(upstream.count()).isEqualTo(before + 1);
    assertThat(upstream.requests.getLast().at("/messages/1/content").asText()).contains(SENTENCE);
  }

  @Test
  void theExtractiveDefaultDoesNotCallTheModel() {
    server.seed(null, "plain", "hours.txt", SENTENCE);
    assertThat(server.get("/api/collections/plain", null).json().get("generator").asText())
        .isEqualTo("extractive");
    int before = upstream.count();
    TestServer.Reply r = ask("plain", false);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().at("/choices/0/message/content").asText()).contains("9 am");
    assertThat(upstream.count()).isEqualTo(before);
  }

  @Test
  void badGeneratorsAndUnconfiguredAliasesAreClearErrors() {
    server.seed(null, "odd", "hours.txt", SENTENCE);
    TestServer.Reply bad = setGenerator("odd", "gpt-4");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().at("/error/param").asText()).isEqualTo("generator");
    TestServer.Reply unknown =
        server.send("PATCH", "/api/collections/odd", null, "{\"generatr\":\"extractive\"}");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(server.send("PATCH", "/api/collections/nope", null, "{}").status()).isEqualTo(404);

    assertThat(setGenerator("odd", "model:missing").status()).isEqualTo(200);
    TestServer.Reply r = ask("odd", false);
    assertThat(r.status()).isEqualTo(502);
    assertThat(r.json().at("/error/message").asText()).contains("model:missing");

    assertThat(setGenerator("odd", "extractive").status()).isEqualTo(200);
    assertThat(ask("odd", false).status()).isEqualTo(200);
  }

  @Test
  void anUpstreamFailureIsRetriedByTheChainBeforeTheAnswer() {
    server.seed(null, "flaky", "hours.txt", SENTENCE);
    assertThat(setGenerator("flaky", "model:fast").status()).isEqualTo(200);
    int before = upstream.count();
    failures.add(new FakeOpenAiUpstream.Status(500, "boom", null));
    TestServer.Reply r = ask("flaky", false);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(upstream.count()).isEqualTo(before + 2);
  }
}
