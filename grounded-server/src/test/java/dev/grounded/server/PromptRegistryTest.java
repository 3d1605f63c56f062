package dev.grounded.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.gateway.Gateway;
import dev.grounded.gateway.chain.Target;
import dev.grounded.gateway.registry.Kind;
import dev.grounded.gateway.registry.RegisteredAliases;
import dev.grounded.gateway.registry.Registry;
import dev.grounded.gateway.reliability.BreakerPolicy;
import dev.grounded.gateway.reliability.CircuitBreakers;
import dev.grounded.gateway.routing.Alias;
import dev.grounded.gateway.routing.AliasRouter;
import dev.grounded.gateway.routing.WeightedTarget;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The prompt and alias registry on a real server over real SQLite, in front of a fake upstream that
 * echoes what it was sent: prompts created and used by chat requests, missing variables, the
 * rollout split and stickiness over 10,000 requests, rollback by another store handle seen on the
 * next request, tenant isolation, and alias versions overriding the configured alias.
 */
@Timeout(300)
class PromptRegistryTest {
  static FakeOpenAiUpstream upstream;
  static TestServer server;
  static Registry other; // a second handle on grounded.db, as the CLI or another server has
  static String keyA;
  static String keyB;
  static final List<String> notedPrompts = new java.util.concurrent.CopyOnWriteArrayList<>();
  static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws Exception {
    // the reply says which model the upstream was asked and the messages it got
    upstream =
        new FakeOpenAiUpstream(
            (n, request) -> {
              StringBuilder b = new StringBuilder(request.path("model").asText());
              for (JsonNode m : request.path("messages"))
                b.append(" | ")
                    .append(m.path("role").asText())
                    .append(": ")
                    .append(m.path("content").asText());
              return FakeOpenAiUpstream.answer(b.toString());
            });
    Path data = TestServer.temp("grounded-prompts");
    other = Registry.open(data.resolve("grounded.db"), List.of(), Clock.systemUTC());
    Alias fast =
        new Alias(
            "fast",
            List.of(new WeightedTarget(new Target("fake", "upstream-model"), 1)),
            List.of());
    Gateway gateway =
        Gateway.builder()
            .router(
                new AliasRouter(
                    List.of(fast),
                    List.of(),
                    new Random(1),
                    new RegisteredAliases(other, Set.of("fake"))))
            .breakers(new CircuitBreakers(BreakerPolicy.DEFAULT, Clock.systemUTC()))
            .providers(List.of(TestGateways.openAi("fake", upstream.baseUrl(), http)))
            // what an audit stage sees: the prompt version in the chain's notes
            .ledger(
                chain -> {
                  var response = chain.proceed(chain.request());
                  notedPrompts.add(chain.request().metadata().notes().prompt());
                  return response;
                })
            .build();
    server =
        new TestServer(data, new UpstreamModels(gateway, List.of("fast"), Duration.ofSeconds(30)));
    keyA = server.keys.create("tenant-a", "").secret();
    keyB = server.keys.create("tenant-b", "").secret();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    other.close();
    upstream.close();
  }

  record Reply(int status, JsonNode json, Map<String, List<String>> headers) {
    String header(String name) {
      return headers.getOrDefault(name, List.of()).stream().findFirst().orElse(null);
    }

    String content() {
      return json.at("/choices/0/message/content").asText();
    }
  }

  static Reply send(String method, String path, String key, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.url(path)))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), Json.MAPPER.readTree(r.body()), r.headers().map());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static String createPrompt(String key, String name, String system, String user) {
    ObjectNode o = Json.object();
    o.put("name", name);
    var messages = o.putArray("messages");
    messages.addObject().put("role", "system").put("content", system);
    messages.addObject().put("role", "user").put("content", user);
    o.putObject("config").put("model", "fast").put("temperature", 0.3);
    Reply r = send("POST", "/api/prompts", key, o.toString());
    assertThat(r.status()).as(r.json().toString()).isEqualTo(201);
    return r.json().get("version").asText();
  }

  static Reply chat(String key, String prompt, String user) {
    return send(
        "POST",
        "/v1/chat/completions",
        key,
        "{\"user\":\"" + user + "\",\"prompt\":" + prompt + "}");
  }

  @Test
  void aChatRequestNamingAPromptIsRenderedWithItsModelAndSaysWhichVersion() {
    createPrompt(keyA, "support", "You help with {{product}}.", "Hi, I am {{name}}.");

    Reply r =
        chat(
            keyA,
            "{\"name\":\"support\",\"variables\":{\"product\":\"Grounded\",\"name\":\"Ann\"}}",
            "ann");

    assertThat(r.status()).as(r.json().toString()).isEqualTo(200);
    assertThat(r.header("x-grounded-prompt")).isEqualTo("support@1");
    assertThat(r.content())
        .isEqualTo("upstream-model | system: You help with Grounded. | user: Hi, I am Ann.");
    JsonNode sent = upstream.requests.getLast();
    assertThat(sent.get("temperature").asDouble()).isEqualTo(0.3);
    assertThat(sent.has("prompt")).isFalse(); // the extension never goes upstream
    assertThat(notedPrompts).contains("support@1");
  }

  @Test
  void aStreamedReplyAlsoNamesThePromptVersion() throws Exception {
    createPrompt(keyA, "streamed", "Stream {{x}}.", "go");
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(server.url("/v1/chat/completions")))
                .header("Authorization", "Bearer " + keyA)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"stream\":true,\"prompt\":{\"name\":\"streamed\","
                            + "\"variables\":{\"x\":\"it\"}}}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("x-grounded-prompt")).contains("streamed@1");
    assertThat(r.body()).contains("data: [DONE]");
    assertThat(upstream.requests.getLast().at("/messages/0/content").asText())
        .isEqualTo("Stream it.");
  }

  @Test
  void aMissingVariableIsA400NamingIt() {
    createPrompt(keyA, "needs-vars", "About {{topic}}.", "{{question}}");

    Reply r = chat(keyA, "{\"name\":\"needs-vars\",\"variables\":{\"topic\":\"x\"}}", "u");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().at("/error/code").asText()).isEqualTo("invalid_request");
    assertThat(r.json().at("/error/param").asText()).isEqualTo("prompt.variables");
    assertThat(r.json().at("/error/message").asText())
        .isEqualTo("prompt needs-vars@1 needs the variable 'question'; given: topic");
  }

  @Test
  void versionsStayAsPublishedAndLabelsPickThem() {
    createPrompt(keyA, "versions", "v1", "{{q}}");
    createPrompt(keyA, "versions", "v2", "{{q}}");
    Reply label = send("PUT", "/api/prompts/versions/labels/staging", keyA, "{\"version\":2}");
    assertThat(label.status()).as(label.json().toString()).isEqualTo(200);

    Reply v1 = send("GET", "/api/prompts/versions/versions/1", keyA, null);
    assertThat(v1.json().at("/definition/messages/0/content").asText()).isEqualTo("v1");
    assertThat(chat(keyA, "{\"name\":\"versions\",\"variables\":{\"q\":\"?\"}}", "u").content())
        .contains("system: v1");
    assertThat(
            chat(
                    keyA,
                    "{\"name\":\"versions\",\"label\":\"staging\",\"variables\":{\"q\":\"?\"}}",
                    "u")
                .content())
        .contains("system: v2");
    assertThat(
            chat(keyA, "{\"name\":\"versions\",\"version\":1,\"variables\":{\"q\":\"?\"}}", "u")
                .header("x-grounded-prompt"))
        .isEqualTo("versions@1");
    Reply shown = send("GET", "/api/prompts/versions", keyA, null);
    assertThat(shown.json().at("/labels/production/version").asInt()).isEqualTo(1);
    assertThat(shown.json().at("/labels/staging/version").asInt()).isEqualTo(2);
    assertThat(shown.json().get("versions")).hasSize(2);
    Reply diff = send("GET", "/api/prompts/versions/diff?from=1&to=2", keyA, null);
    assertThat(diff.json().get("lines").toString()).contains("- ", "v1", "+ ", "v2");
  }

  @Test
  void aTenPercentSplitHoldsOverTenThousandRequestsAndEachUserSeesOneVersion() throws Exception {
    createPrompt(keyA, "rollout", "stable", "{{q}}");
    createPrompt(keyA, "rollout", "canary", "{{q}}");
    Reply split =
        send(
            "PUT",
            "/api/prompts/rollout/labels/production",
            keyA,
            "{\"version\":1,\"split\":{\"version\":2,\"percent\":10}}");
    assertThat(split.status()).as(split.json().toString()).isEqualTo(200);

    Map<String, Set<String>> seen = new ConcurrentHashMap<>();
    List<Future<?>> done = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      for (int u = 0; u < 1000; u++) {
        String user = "user-" + u;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 10; i++) {
                    Reply r =
                        chat(keyA, "{\"name\":\"rollout\",\"variables\":{\"q\":\"?\"}}", user);
                    assertThat(r.status()).isEqualTo(200);
                    seen.computeIfAbsent(user, k -> ConcurrentHashMap.newKeySet())
                        .add(r.header("x-grounded-prompt"));
                  }
                }));
      }
      for (Future<?> f : done) f.get();
    }
    long canaryUsers = seen.values().stream().filter(s -> s.contains("rollout@2")).count();
    double share = canaryUsers * 10 / 10_000.0; // each user sent 10 requests
    System.out.printf(
        "rollout: %d of 1000 users (%.1f %% of 10000 requests) got the 10 %% canary%n",
        canaryUsers, share * 100);
    assertThat(seen).hasSize(1000);
    assertThat(seen.values()).allSatisfy(s -> assertThat(s).hasSize(1));
    assertThat(share).isBetween(0.08, 0.12);
  }

  @Test
  void aRollbackByAnotherHandleTakesEffectOnTheNextRequest() {
    createPrompt(keyA, "rollback", "old", "{{q}}");
    createPrompt(keyA, "rollback", "new", "{{q}}");
    send("PUT", "/api/prompts/rollback/labels/production", keyA, "{\"version\":2}");
    String prompt = "{\"name\":\"rollback\",\"variables\":{\"q\":\"?\"}}";
    assertThat(chat(keyA, prompt, "u").header("x-grounded-prompt")).isEqualTo("rollback@2");

    other.rollback("tenant-a", Kind.PROMPT, "rollback", "production");

    Reply next = chat(keyA, prompt, "u");
    assertThat(next.header("x-grounded-prompt")).isEqualTo("rollback@1");
    assertThat(next.content()).contains("system: old");
  }

  @Test
  void aTenantCannotSeeUseOrMoveAnotherTenantsPrompt() {
    createPrompt(keyA, "private", "secret instructions", "{{q}}");

    assertThat(send("GET", "/api/prompts/private", keyB, null).status()).isEqualTo(404);
    assertThat(send("GET", "/api/prompts/private/versions/1", keyB, null).status()).isEqualTo(404);
    assertThat(send("GET", "/api/prompts", keyB, null).json().get("data").toString())
        .doesNotContain("private");
    Reply use = chat(keyB, "{\"name\":\"private\",\"variables\":{\"q\":\"?\"}}", "u");
    assertThat(use.status()).isEqualTo(404);
    assertThat(use.json().at("/error/param").asText()).isEqualTo("prompt.name");
    assertThat(
            send("PUT", "/api/prompts/private/labels/production", keyB, "{\"version\":1}").status())
        .isEqualTo(404);
    assertThat(send("POST", "/api/prompts/private/labels/production/rollback", keyB, null).status())
        .isEqualTo(404);
    // B may have its own prompt of the same name
    createPrompt(keyB, "private", "b's own", "{{q}}");
    assertThat(chat(keyB, "{\"name\":\"private\",\"variables\":{\"q\":\"?\"}}", "u").content())
        .contains("system: b's own");
    assertThat(chat(keyA, "{\"name\":\"private\",\"variables\":{\"q\":\"?\"}}", "u").content())
        .contains("system: secret instructions");
  }

  @Test
  void theBuiltInAnswerPromptIsListedAsVersionOne() {
    Reply list = send("GET", "/api/prompts", keyB, null);
    JsonNode answer = null;
    for (JsonNode p : list.json().get("data"))
      if (p.get("name").asText().equals("grounded.answer")) answer = p;
    assertThat(answer).isNotNull();
    assertThat(answer.get("built_in").asBoolean()).isTrue();
    assertThat(answer.at("/labels/production/version").asInt()).isEqualTo(1);
  }

  @Test
  void anAliasVersionOverridesTheConfiguredTargetsUntilRolledBack() {
    ObjectNode alias = Json.object();
    alias.put("name", "fast");
    alias.putArray("targets").add("fake/model-v2");
    alias.putArray("labels").add("production");
    Reply created = send("POST", "/api/aliases", keyA, alias.toString());
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    String body = "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    Reply a = send("POST", "/v1/chat/completions", keyA, body);
    assertThat(a.content()).startsWith("model-v2 |");
    assertThat(a.header("x-grounded-model-version")).isEqualTo("fast@1");
    // tenant B still gets the configured alias
    assertThat(send("POST", "/v1/chat/completions", keyB, body).content())
        .startsWith("upstream-model |");

    Reply back = send("POST", "/api/aliases/fast/labels/production/rollback", keyA, null);
    assertThat(back.json().get("removed").asBoolean()).isTrue();
    Reply after = send("POST", "/v1/chat/completions", keyA, body);
    assertThat(after.content()).startsWith("upstream-model |");
    assertThat(after.header("x-grounded-model-version")).isNull();
  }

  @Test
  void anAliasVersionMustVersionAConfiguredAlias() {
    Reply r = send("POST", "/api/aliases", keyA, "{\"name\":\"nope\",\"targets\":[\"fake/m\"]}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().at("/error/message").asText()).contains("not a model alias");
  }
}
