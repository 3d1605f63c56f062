package dev.grounded.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grounded.gateway.Gateway;
import dev.grounded.gateway.chain.GatewayListener;
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
 * A real server answering Anthropic's {@code POST /v1/messages} through the gateway, in front of a
 * fake OpenAI-compatible upstream: translation both ways, events passed on as the upstream sends
 * them, Anthropic's error shape, and the key as {@code x-api-key}.
 */
@Timeout(60)
class MessagesApiTest {
  static FakeOpenAiUpstream upstream;
  static TestServer server;
  static String key;
  static final AtomicReference<BiFunction<Integer, JsonNode, Behaviour>> script =
      new AtomicReference<>();
  static final AtomicInteger before = new AtomicInteger();
  static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  record Event(String name, JsonNode data) {}

  @BeforeAll
  static void start() throws Exception {
    upstream =
        new FakeOpenAiUpstream((n, request) -> script.get().apply(n - before.get(), request));
    Gateway gateway =
        TestGateways.routed(
                Map.of("fast", "fake/upstream-model"),
                TestGateways.openAi("fake", upstream.baseUrl(), http))
            .retry(
                new RetryPolicy(
                    3, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(1)))
            .listener(GatewayListener.NONE)
            .build();
    server =
        new TestServer(
            TestServer.temp("grounded-messages"),
            new UpstreamModels(gateway, List.of("fast"), Duration.ofSeconds(30)));
    key = server.keys.create("acme", "messages").secret();
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

  static String ask(String model, boolean stream) {
    return "{\"model\":\""
        + model
        + "\",\"max_tokens\":100,\"stream\":"
        + stream
        + ",\"system\":\"Be brief.\",\"metadata\":{\"user_id\":\"u-7\"},"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello?\"}]}";
  }

  static HttpRequest.Builder post(String json) {
    return HttpRequest.newBuilder(URI.create(server.url("/v1/messages")))
        .header("Content-Type", "application/json")
        .header("x-api-key", key)
        .header("anthropic-version", "2023-06-01")
        .POST(HttpRequest.BodyPublishers.ofString(json));
  }

  static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aMessageIsAnsweredByTheUpstreamThroughTheChainAndTranslatedBack() throws Exception {
    script(FakeOpenAiUpstream.answer("Hello there"));
    HttpResponse<String> r = send(post(ask("fast", false)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode m = Json.MAPPER.readTree(r.body());
    assertThat(m.get("type").asText()).isEqualTo("message");
    assertThat(m.get("model").asText()).isEqualTo("fast");
    assertThat(m.get("id").asText()).startsWith("msg_");
    assertThat(m.at("/content/0/type").asText()).isEqualTo("text");
    assertThat(m.at("/content/0/text").asText()).isEqualTo("Hello there");
    assertThat(m.get("stop_reason").asText()).isEqualTo("end_turn");
    assertThat(m.at("/usage/input_tokens").asInt()).isEqualTo(10);
    assertThat(m.at("/usage/output_tokens").asInt()).isEqualTo(2);
    JsonNode sent = upstream.requests.getLast();
    assertThat(sent.get("model").asText()).isEqualTo("upstream-model");
    assertThat(sent.at("/messages/0/role").asText()).isEqualTo("system");
    assertThat(sent.at("/messages/0/content").asText()).isEqualTo("Be brief.");
    assertThat(sent.get("max_tokens").asInt()).isEqualTo(100);
    assertThat(sent.get("user").asText()).isEqualTo("u-7");
  }

  @Test
  void aToolCallComesBackAsAToolUseBlockWithStopReasonToolUse() throws Exception {
    script(
        new FakeOpenAiUpstream.ToolCall("", "call_1", "weather", List.of("{\"city\":\"Oslo\"}")));
    String body =
        "{\"model\":\"fast\",\"max_tokens\":50,\"tools\":[{\"name\":\"weather\",\"input_schema\":"
            + "{\"type\":\"object\"}}],\"tool_choice\":{\"type\":\"any\"},"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Oslo?\"}]}";
    HttpResponse<String> r = send(post(body));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode m = Json.MAPPER.readTree(r.body());
    assertThat(m.get("content")).hasSize(1);
    assertThat(m.at("/content/0/type").asText()).isEqualTo("tool_use");
    assertThat(m.at("/content/0/id").asText()).isEqualTo("call_1");
    assertThat(m.at("/content/0/input/city").asText()).isEqualTo("Oslo");
    assertThat(m.get("stop_reason").asText()).isEqualTo("tool_use");
    JsonNode sent = upstream.requests.getLast();
    assertThat(sent.at("/tools/0/function/name").asText()).isEqualTo("weather");
    assertThat(sent.get("tool_choice").asText()).isEqualTo("required");
  }

  @Test
  @Timeout(10) // the fake holds the rest for 30 s: a server that buffers the stream fails here
  void aStreamIsPassedOnEventByEventAsTheUpstreamSendsIt() throws Exception {
    CountDownLatch rest = new CountDownLatch(1);
    script(FakeOpenAiUpstream.answer("one two three").holdAfterFirst(rest));
    try (BufferedReader in = stream(ask("fast", true))) {
      assertThat(next(in).name()).isEqualTo("message_start");
      assertThat(next(in).name()).isEqualTo("content_block_start");
      Event first = next(in); // arrives only if the server flushed it before the upstream went on
      assertThat(first.name()).isEqualTo("content_block_delta");
      assertThat(first.data().at("/delta/text").asText()).isEqualTo("one");
      rest.countDown();
      List<Event> events = new ArrayList<>();
      for (Event e = next(in); e != null; e = next(in)) events.add(e);
      assertThat(events.stream().map(Event::name))
          .containsExactly(
              "content_block_delta",
              "content_block_delta",
              "content_block_stop",
              "message_delta",
              "message_stop");
      assertThat(events.get(3).data().at("/delta/stop_reason").asText()).isEqualTo("end_turn");
      assertThat(events.get(3).data().at("/usage/output_tokens").asInt()).isEqualTo(3);
    } finally {
      rest.countDown();
    }
    assertThat(upstream.requests.getLast().at("/stream_options/include_usage").asBoolean())
        .isTrue();
  }

  @Test
  void anUpstreamFailureMidStreamEndsWithAnAnthropicErrorEventAndNoMessageStop() throws Exception {
    script(new FakeOpenAiUpstream.CutStream(2));
    List<Event> events = new ArrayList<>();
    try (BufferedReader in = stream(ask("fast", true))) {
      for (Event e = next(in); e != null; e = next(in)) events.add(e);
    }
    assertThat(events.stream().map(Event::name))
        .containsExactly(
            "message_start",
            "content_block_start",
            "content_block_delta",
            "content_block_delta",
            "error");
    assertThat(events.getLast().data().get("type").asText()).isEqualTo("error");
    assertThat(events.getLast().data().at("/error/type").asText()).isEqualTo("api_error");
    assertThat(upstream.count() - before.get()).isEqualTo(1); // a begun stream is never retried
  }

  @Test
  void errorsHaveAnthropicsShapeAndStatus() throws Exception {
    script(FakeOpenAiUpstream.answer("never"));
    HttpResponse<String> noMax =
        send(post("{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
    assertAnthropicError(noMax, 400, "invalid_request_error");
    assertThat(noMax.body()).contains("max_tokens");
    assertAnthropicError(send(post("{\"model\": ")), 400, "invalid_request_error");
    assertAnthropicError(send(post(ask("nope", false))), 404, "not_found_error");
    assertAnthropicError(
        send(post(ask("fast", false)).setHeader("x-api-key", "gr-wrong")),
        401,
        "authentication_error");
    HttpResponse<String> noKey =
        http.send(
            HttpRequest.newBuilder(URI.create(server.url("/v1/messages")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ask("fast", false)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertAnthropicError(noKey, 401, "authentication_error");
    assertThat(upstream.count() - before.get()).isZero();
    script(new FakeOpenAiUpstream.Status(429, "slow down", "120"));
    HttpResponse<String> limited = send(post(ask("fast", false)));
    assertAnthropicError(limited, 429, "rate_limit_error");
    assertThat(limited.headers().firstValue("Retry-After")).contains("120");
    script(new FakeOpenAiUpstream.Status(500, "boom", null));
    assertAnthropicError(send(post(ask("fast", false))), 502, "api_error");
    // refused before any route, by the request gate: still Anthropic's shape
    RawHttp.Reply huge =
        RawHttp.exchange(
            server.server.port(),
            "POST /v1/messages HTTP/1.1\nHost: 127.0.0.1\nContent-Type: application/json\n"
                + "x-api-key: "
                + key
                + "\nContent-Length: 3000000000\n\n",
            null);
    assertThat(huge.status()).isEqualTo(413);
    assertThat(Json.MAPPER.readTree(huge.body()).at("/error/type").asText())
        .as(huge.body())
        .isEqualTo("request_too_large");
    // the OpenAI-compatible API keeps OpenAI's shape
    TestServer.Reply chat = server.post("/v1/chat/completions", key, "{\"model\": ");
    assertThat(chat.json().at("/error/code").asText()).isEqualTo("invalid_request");
  }

  @Test
  void theKeyMayComeAsABearerTokenToo() throws Exception {
    script(FakeOpenAiUpstream.answer("Hi"));
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(server.url("/v1/messages")))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(ask("fast", false)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    // and x-api-key works on the OpenAI-compatible routes as well
    HttpResponse<String> models =
        http.send(
            HttpRequest.newBuilder(URI.create(server.url("/v1/models")))
                .header("x-api-key", key)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(models.statusCode()).as(models.body()).isEqualTo(200);
  }

  @Test
  void anAnthropicClientGetsTheModelListInAnthropicsShape() throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(server.url("/v1/models")))
                .header("x-api-key", key)
                .header("anthropic-version", "2023-06-01")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode list = Json.MAPPER.readTree(r.body());
    assertThat(list.get("has_more").asBoolean()).isFalse();
    assertThat(list.at("/data/0/type").asText()).isEqualTo("model");
    assertThat(list.at("/data/0/id").asText()).isEqualTo("fast");
    assertThat(list.get("first_id").asText()).isEqualTo("fast");
    HttpResponse<String> one =
        http.send(
            HttpRequest.newBuilder(URI.create(server.url("/v1/models/fast")))
                .header("x-api-key", key)
                .header("anthropic-version", "2023-06-01")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(Json.MAPPER.readTree(one.body()).get("display_name").asText()).isEqualTo("fast");
    // an OpenAI client still gets OpenAI's list
    assertThat(server.get("/v1/models", key).json().get("object").asText()).isEqualTo("list");
  }

  static void assertAnthropicError(HttpResponse<String> r, int status, String type)
      throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode body = Json.MAPPER.readTree(r.body());
    assertThat(body.get("type").asText()).as(r.body()).isEqualTo("error");
    assertThat(body.at("/error/type").asText()).as(r.body()).isEqualTo(type);
    assertThat(body.at("/error/message").asText()).as(r.body()).isNotBlank();
  }

  static BufferedReader stream(String json) throws Exception {
    HttpResponse<InputStream> r =
        http.send(post(json).build(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    return new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
  }

  /** The next {@code event:}/{@code data:} pair, or null at the end of the stream. */
  static Event next(BufferedReader in) throws Exception {
    String name = null;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.startsWith("event: ")) name = line.substring(7);
      else if (line.startsWith("data: "))
        return new Event(name, Json.MAPPER.readTree(line.substring(6)));
    }
    return null;
  }
}
