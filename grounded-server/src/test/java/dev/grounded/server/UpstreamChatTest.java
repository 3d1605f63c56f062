package dev.grounded.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grounded.gateway.Gateway;
import dev.grounded.gateway.chain.GatewayListener;
import dev.grounded.gateway.provider.OpenAiCompatibleProvider;
import dev.grounded.gateway.provider.ProviderConfig;
import dev.grounded.gateway.reliability.RetryPolicy;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream.Behaviour;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real server answering a configured alias through the gateway, in front of a fake
 * OpenAI-compatible upstream: completions, streams passed on as they arrive, retried upstream
 * failures, a stream cut mid-way, unknown models and the model list.
 */
@Timeout(60)
class UpstreamChatTest {
  static FakeOpenAiUpstream upstream;
  static TestServer server;
  static final AtomicReference<BiFunction<Integer, JsonNode, Behaviour>> script =
      new AtomicReference<>();
  static final AtomicInteger before = new AtomicInteger();
  static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws Exception {
    upstream =
        new FakeOpenAiUpstream((n, request) -> script.get().apply(n - before.get(), request));
    ProviderConfig provider =
        new ProviderConfig("fake", upstream.baseUrl(), "FAKE_KEY", Duration.ofSeconds(10));
    Gateway gateway =
        TestGateways.routed(
                Map.of("fast", "fake/upstream-model"),
                new OpenAiCompatibleProvider(provider, http, Map.of("FAKE_KEY", "sk-upstream")))
            .retry(
                new RetryPolicy(
                    3, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(1)))
            .listener(GatewayListener.NONE)
            .build();
    server =
        new TestServer(
            TestServer.temp("grounded-upstream"),
            new UpstreamModels(gateway, List.of("fast"), Duration.ofSeconds(30)));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    upstream.close();
  }

  static void script(Behaviour... behaviours) {
    before.set(upstream.count());
    script.set(FakeOpenAiUpstream.sequence(behaviours));
  }

  static String chat(String model, boolean stream) {
    return "{\"model\":\""
        + model
        + "\",\"stream\":"
        + stream
        + ",\"user\":\"u-7\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello?\"}]}";
  }

  @Test
  void aCompletionComesFromTheUpstreamUnderTheAliasName() {
    script(FakeOpenAiUpstream.answer("Hello there"));
    TestServer.Reply r = server.post("/v1/chat/completions", null, chat("fast", false));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode c = r.json();
    assertThat(c.get("model").asText()).isEqualTo("fast");
    assertThat(c.at("/choices/0/message/content").asText()).isEqualTo("Hello there");
    assertThat(c.at("/usage/prompt_tokens").asInt()).isEqualTo(10);
    JsonNode sent = upstream.requests.getLast();
    assertThat(sent.get("model").asText()).isEqualTo("upstream-model");
    assertThat(sent.get("user").asText()).isEqualTo("u-7");
    assertThat(upstream.authorizations.getLast()).isEqualTo("Bearer sk-upstream");
  }

  @Test
  @Timeout(10) // the fake holds the rest for 30 s: a server that buffers the stream fails here
  void aStreamIsPassedOnChunkByChunkAsTheUpstreamSendsIt() throws Exception {
    CountDownLatch rest = new CountDownLatch(1);
    script(FakeOpenAiUpstream.answer("one two three").holdAfterFirst(rest));
    try (BufferedReader in = stream(chat("fast", true))) {
      // the fake holds the rest until released: this line arrives only if the server flushed it
      JsonNode first = Json.MAPPER.readTree(nextData(in));
      assertThat(first.at("/choices/0/delta/content").asText()).isEqualTo("one");
      assertThat(first.get("model").asText()).isEqualTo("fast");
      rest.countDown();
      List<String> events = new ArrayList<>();
      for (String d = nextData(in); d != null; d = nextData(in)) events.add(d);
      assertThat(events.getLast()).isEqualTo("[DONE]");
      StringBuilder text = new StringBuilder("one");
      for (String e : events.subList(0, events.size() - 1))
        text.append(Json.MAPPER.readTree(e).at("/choices/0/delta/content").asText(""));
      assertThat(text.toString()).isEqualTo("one two three");
    } finally {
      rest.countDown();
    }
  }

  @Test
  void everyStreamChunkNamesTheAliasNotTheUpstreamModel() throws Exception {
    script(FakeOpenAiUpstream.answer("a b c"));
    List<String> models = new ArrayList<>();
    try (BufferedReader in = stream(chat("fast", true))) {
      for (String d = nextData(in); d != null && !d.equals("[DONE]"); d = nextData(in))
        models.add(Json.MAPPER.readTree(d).path("model").asText());
    }
    assertThat(models).hasSizeGreaterThan(1).containsOnly("fast");
    assertThat(upstream.requests.getLast().get("model").asText()).isEqualTo("upstream-model");
  }

  @Test
  void upstreamRateLimitsAndServerErrorsAreRetriedThenAnswered() {
    script(
        new FakeOpenAiUpstream.Status(429, "slow down", null),
        new FakeOpenAiUpstream.Status(500, "oops", null),
        FakeOpenAiUpstream.answer("at last"));
    TestServer.Reply r = server.post("/v1/chat/completions", null, chat("fast", false));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().at("/choices/0/message/content").asText()).isEqualTo("at last");
    assertThat(upstream.count() - before.get()).isEqualTo(3);
  }

  @Test
  void aRateLimitBeyondTheRetryBudgetReachesTheClientWithRetryAfter() throws Exception {
    script(new FakeOpenAiUpstream.Status(429, "slow down", "120"));
    HttpResponse<String> r =
        http.send(post(chat("fast", false)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.headers().firstValue("Retry-After")).contains("120");
    assertThat(Json.MAPPER.readTree(r.body()).at("/error/code").asText()).isEqualTo("rate_limited");
    assertThat(upstream.count() - before.get()).isEqualTo(1);
  }

  @Test
  void anUpstreamFailureMidStreamEndsWithAnErrorEventAndNoDone() throws Exception {
    script(new FakeOpenAiUpstream.CutStream(2));
    List<String> events = new ArrayList<>();
    try (BufferedReader in = stream(chat("fast", true))) {
      for (String d = nextData(in); d != null; d = nextData(in)) events.add(d);
    }
    assertThat(events).hasSize(3).doesNotContain("[DONE]");
    assertThat(Json.MAPPER.readTree(events.get(1)).at("/choices/0/delta/content").asText())
        .isEqualTo(" two");
    JsonNode error = Json.MAPPER.readTree(events.getLast()).get("error");
    assertThat(error.get("code").asText()).isEqualTo("upstream_error");
    assertThat(error.get("message").asText()).isNotBlank();
    assertThat(upstream.count() - before.get()).isEqualTo(1); // a begun stream is never retried
  }

  @Test
  void anUnknownModelIsModelNotFoundAndRagModelsStillWork() {
    script(FakeOpenAiUpstream.answer("never"));
    TestServer.Reply r = server.post("/v1/chat/completions", null, chat("slow", false));
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().at("/error/code").asText()).isEqualTo("model_not_found");
    TestServer.Reply rag = server.post("/v1/chat/completions", null, chat("rag:none", false));
    assertThat(rag.status()).isEqualTo(404);
    assertThat(upstream.count() - before.get()).isZero();
  }

  @Test
  void theModelListNamesTheAliasesBesideTheEmbeddingModel() {
    TestServer.Reply r = server.get("/v1/models", null);
    assertThat(r.status()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    r.json().get("data").forEach(m -> ids.add(m.get("id").asText()));
    assertThat(ids).contains("fast", TestServer.EMBEDDING_MODEL);
    assertThat(server.get("/v1/models/fast", null).json().get("id").asText()).isEqualTo("fast");
  }

  private static HttpRequest.Builder post(String json) {
    return HttpRequest.newBuilder(URI.create(server.url("/v1/chat/completions")))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
  }

  private static BufferedReader stream(String json) throws Exception {
    HttpResponse<InputStream> r =
        http.send(post(json).build(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    return new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
  }

  /** The next event's data, or null at the end of the body. */
  private static String nextData(BufferedReader in) throws Exception {
    for (String line = in.readLine(); line != null; line = in.readLine())
      if (line.startsWith("data: ")) return line.substring(6);
    return null;
  }
}
