package dev.grounded.gateway.provider;

import static dev.grounded.gateway.upstream.FakeAnthropicUpstream.like;
import static dev.grounded.gateway.upstream.FakeAnthropicUpstream.replies;
import static dev.grounded.gateway.upstream.FakeOpenAiUpstream.answer;
import static dev.grounded.gateway.upstream.FakeOpenAiUpstream.sequence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.ChatResponse;
import dev.grounded.gateway.chain.Deadline;
import dev.grounded.gateway.chain.RequestMetadata;
import dev.grounded.gateway.chain.UpstreamException;
import dev.grounded.gateway.upstream.FakeAnthropicUpstream;
import dev.grounded.gateway.upstream.FakeAnthropicUpstream.Reply;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream.Behaviour;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** The provider contract over Anthropic's Messages API, plus its translation both ways. */
class AnthropicProviderTest extends ProviderContractTest {

  @Override
  protected Upstream start(BiFunction<Integer, JsonNode, Behaviour> script, Duration firstToken)
      throws Exception {
    return upstream(like(script), firstToken);
  }

  static Upstream upstream(BiFunction<Integer, JsonNode, Reply> script, Duration firstToken)
      throws Exception {
    FakeAnthropicUpstream fake = new FakeAnthropicUpstream(script);
    Provider p =
        new AnthropicProvider(
            new ProviderConfig("claude", fake.baseUrl(), "", firstToken),
            OpenAiCompatibleProviderTest.HTTP,
            Map.of(),
            AnthropicProvider.DEFAULT_MAX_TOKENS);
    return new Upstream() {
      @Override
      public Provider provider() {
        return p;
      }

      @Override
      public int requests() {
        return fake.count();
      }

      @Override
      public void close() throws Exception {
        fake.close();
      }
    };
  }

  static ChatRequest request(ObjectNode body) {
    return new ChatRequest(
        body, RequestMetadata.anonymous("r"), Deadline.after(Duration.ofSeconds(5)));
  }

  static List<JsonNode> drain(ChatResponse r) throws Exception {
    var s = ((ChatResponse.Streaming) r).chunks();
    List<JsonNode> out = new ArrayList<>();
    for (Optional<String> c; (c = s.next()).isPresent(); ) out.add(JSON.readTree(c.get()));
    return out;
  }

  @Test
  void theRequestIsTranslatedToTheMessagesApiWithTheKeyAndVersionHeaders() throws Exception {
    ObjectNode body = JSON.createObjectNode().put("model", "claude-x").put("temperature", 0.2);
    body.put("stop", "END").put("user", "u-7");
    var messages = body.putArray("messages");
    messages.addObject().put("role", "system").put("content", "Be brief.");
    ObjectNode user = messages.addObject().put("role", "user");
    user.putArray("content")
        .add(JSON.createObjectNode().put("type", "text").put("text", "compare"))
        .add(image("data:image/png;base64,iVBORw0K"))
        .add(image("https://example.com/cat.jpg"));
    ObjectNode assistant = messages.addObject().put("role", "assistant").putNull("content");
    assistant
        .putArray("tool_calls")
        .addObject()
        .put("id", "call_1")
        .put("type", "function")
        .putObject("function")
        .put("name", "lookup")
        .put("arguments", "{\"q\":\"cats\"}");
    messages.addObject().put("role", "tool").put("tool_call_id", "call_1").put("content", "42");
    ObjectNode fn =
        body.putArray("tools").addObject().put("type", "function").putObject("function");
    fn.put("name", "lookup").put("description", "search");
    fn.putObject("parameters").put("type", "object");
    body.put("tool_choice", "required");
    try (FakeAnthropicUpstream fake = new FakeAnthropicUpstream(like(sequence(answer("ok"))))) {
      var p =
          new AnthropicProvider(
              new ProviderConfig("claude", fake.baseUrl(), "ANTHROPIC_KEY", Duration.ofSeconds(5)),
              OpenAiCompatibleProviderTest.HTTP,
              Map.of("ANTHROPIC_KEY", "sk-ant-test"),
              1000);
      p.chat(request(body));
      JsonNode sent = fake.requests.getFirst();
      assertThat(fake.apiKeys.getFirst()).isEqualTo("sk-ant-test");
      assertThat(fake.versions.getFirst()).isEqualTo("2023-06-01");
      assertThat(sent.path("model").asText()).isEqualTo("claude-x");
      assertThat(sent.path("max_tokens").asInt()).isEqualTo(1000);
      assertThat(sent.path("system").asText()).isEqualTo("Be brief.");
      assertThat(sent.path("temperature").asDouble()).isEqualTo(0.2);
      assertThat(sent.at("/stop_sequences/0").asText()).isEqualTo("END");
      assertThat(sent.at("/metadata/user_id").asText()).isEqualTo("u-7");
      JsonNode turns = sent.path("messages");
      assertThat(turns).hasSize(3);
      assertThat(turns.at("/0/content/1/source"))
          .isEqualTo(
              JSON.readTree(
                  "{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"iVBORw0K\"}"));
      assertThat(turns.at("/0/content/2/source"))
          .isEqualTo(JSON.readTree("{\"type\":\"url\",\"url\":\"https://example.com/cat.jpg\"}"));
      assertThat(turns.at("/1/content/0"))
          .isEqualTo(
              JSON.readTree(
                  "{\"type\":\"tool_use\",\"id\":\"call_1\",\"name\":\"lookup\",\"input\":{\"q\":\"cats\"}}"));
      assertThat(turns.at("/2/role").asText()).isEqualTo("user");
      assertThat(turns.at("/2/content/0"))
          .isEqualTo(
              JSON.readTree(
                  "{\"type\":\"tool_result\",\"tool_use_id\":\"call_1\",\"content\":\"42\"}"));
      assertThat(sent.at("/tools/0"))
          .isEqualTo(
              JSON.readTree(
                  "{\"name\":\"lookup\",\"description\":\"search\",\"input_schema\":{\"type\":\"object\"}}"));
      assertThat(sent.at("/tool_choice/type").asText()).isEqualTo("any");
    }
  }

  private static ObjectNode image(String url) {
    ObjectNode part = JSON.createObjectNode().put("type", "image_url");
    part.putObject("image_url").put("url", url);
    return part;
  }

  @Test
  void theRequestsMaxTokensIsKeptAndTheDefaultUsedOtherwise() throws Exception {
    try (FakeAnthropicUpstream fake = new FakeAnthropicUpstream(like(sequence(answer("ok"))))) {
      var p =
          new AnthropicProvider(
              new ProviderConfig("claude", fake.baseUrl(), "", Duration.ofSeconds(5)),
              OpenAiCompatibleProviderTest.HTTP,
              Map.of(),
              AnthropicProvider.DEFAULT_MAX_TOKENS);
      p.chat(request(request(false, Duration.ofSeconds(5)).body().put("max_tokens", 77)));
      p.chat(request(false, Duration.ofSeconds(5)));
      assertThat(fake.requests.get(0).path("max_tokens").asInt()).isEqualTo(77);
      assertThat(fake.requests.get(1).path("max_tokens").asInt()).isEqualTo(4096);
    }
  }

  @Test
  void aToolUseComesBackAsToolCallsWithJsonStringArguments() throws Exception {
    var reply =
        new FakeAnthropicUpstream.ToolUse(
            "Let me look.", "toolu_1", "lookup", List.of("{\"q\":", " \"cats\"}"));
    try (Upstream u = upstream(replies(reply), Duration.ofSeconds(5))) {
      var c = (ChatResponse.Completion) u.provider().chat(request(false, Duration.ofSeconds(5)));
      JsonNode choice = c.body().at("/choices/0");
      assertThat(choice.at("/message/content").asText()).isEqualTo("Let me look.");
      assertThat(choice.at("/message/tool_calls/0/id").asText()).isEqualTo("toolu_1");
      assertThat(choice.at("/message/tool_calls/0/function/name").asText()).isEqualTo("lookup");
      assertThat(JSON.readTree(choice.at("/message/tool_calls/0/function/arguments").asText()))
          .isEqualTo(JSON.readTree("{\"q\":\"cats\"}"));
      assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
      assertThat(c.body().at("/usage/completion_tokens").asInt()).isEqualTo(7);
    }
  }

  @Test
  void aStreamedToolUseArrivesAsToolCallDeltasWithThePartialJsonInOrder() throws Exception {
    var reply =
        new FakeAnthropicUpstream.ToolUse(
            "", "toolu_1", "lookup", List.of("{\"q\":", " \"ca", "ts\"}"));
    try (Upstream u = upstream(replies(reply), Duration.ofSeconds(5))) {
      List<JsonNode> chunks = drain(u.provider().chat(request(true, Duration.ofSeconds(5))));
      assertThat(chunks.getFirst().at("/choices/0/delta/role").asText()).isEqualTo("assistant");
      JsonNode start = chunks.getFirst().at("/choices/0/delta/tool_calls/0");
      assertThat(start.path("id").asText()).isEqualTo("toolu_1");
      assertThat(start.at("/function/name").asText()).isEqualTo("lookup");
      List<String> fragments = new ArrayList<>();
      for (JsonNode c : chunks.subList(1, chunks.size() - 1))
        fragments.add(c.at("/choices/0/delta/tool_calls/0/function/arguments").asText());
      assertThat(fragments).containsExactly("{\"q\":", " \"ca", "ts\"}");
      JsonNode last = chunks.getLast();
      assertThat(last.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
      assertThat(last.at("/usage/prompt_tokens").asInt()).isEqualTo(10);
      assertThat(last.at("/usage/completion_tokens").asInt()).isEqualTo(7);
    }
  }

  @Test
  void aJsonSchemaIsAskedForWithAForcedToolAndAnsweredAsContent() throws Exception {
    ObjectNode body = request(false, Duration.ofSeconds(5)).body();
    ObjectNode schema =
        body.putObject("response_format").put("type", "json_schema").putObject("json_schema");
    schema.put("name", "city");
    schema
        .putObject("schema")
        .put("type", "object")
        .putObject("properties")
        .putObject("name")
        .put("type", "string");
    var reply =
        new FakeAnthropicUpstream.ToolUse(
            "", "toolu_9", "city", List.of("{\"name\":", "\"Oslo\"}"));
    try (FakeAnthropicUpstream fake = new FakeAnthropicUpstream(replies(reply))) {
      var p =
          new AnthropicProvider(
              new ProviderConfig("claude", fake.baseUrl(), "", Duration.ofSeconds(5)),
              OpenAiCompatibleProviderTest.HTTP,
              Map.of(),
              AnthropicProvider.DEFAULT_MAX_TOKENS);
      var c = (ChatResponse.Completion) p.chat(request(body));
      assertThat(fake.requests.getFirst().path("tools").get(0).path("input_schema"))
          .isEqualTo(schema.get("schema"));
      assertThat(fake.requests.getFirst().path("tool_choice"))
          .isEqualTo(JSON.readTree("{\"type\":\"tool\",\"name\":\"city\"}"));
      assertThat(JSON.readTree(c.body().at("/choices/0/message/content").asText()))
          .isEqualTo(JSON.readTree("{\"name\":\"Oslo\"}"));
      assertThat(c.body().at("/choices/0/message/tool_calls").isMissingNode()).isTrue();
      assertThat(c.body().at("/choices/0/finish_reason").asText()).isEqualTo("stop");
      List<JsonNode> chunks = drain(p.chat(request(body.deepCopy().put("stream", true))));
      StringBuilder content = new StringBuilder();
      for (JsonNode ch : chunks) content.append(ch.at("/choices/0/delta/content").asText(""));
      assertThat(content.toString()).isEqualTo("{\"name\":\"Oslo\"}");
      assertThat(chunks.getLast().at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    }
  }

  @Test
  void stopReasonsMapToOpenAiFinishReasonsInBothModes() throws Exception {
    Map<String, String> expected =
        Map.of("end_turn", "stop", "max_tokens", "length", "stop_sequence", "stop");
    for (var e : expected.entrySet())
      try (Upstream u =
          upstream(
              replies(new FakeAnthropicUpstream.Stopped("cut short", e.getKey())),
              Duration.ofSeconds(5))) {
        var c = (ChatResponse.Completion) u.provider().chat(request(false, Duration.ofSeconds(5)));
        assertThat(c.body().at("/choices/0/finish_reason").asText())
            .as(e.getKey())
            .isEqualTo(e.getValue());
        List<JsonNode> chunks = drain(u.provider().chat(request(true, Duration.ofSeconds(5))));
        assertThat(chunks.getLast().at("/choices/0/finish_reason").asText())
            .as(e.getKey())
            .isEqualTo(e.getValue());
        assertThat(chunks.getFirst().at("/choices/0/finish_reason").isNull()).isTrue();
      }
  }

  @Test
  void anthropicErrorStatusesMapToTheOpenAiCodes() throws Exception {
    record Case(int status, ErrorCode code, boolean retriable) {}
    for (Case k :
        List.of(
            new Case(400, ErrorCode.INVALID_REQUEST, false),
            new Case(401, ErrorCode.UPSTREAM_ERROR, false),
            new Case(403, ErrorCode.UPSTREAM_ERROR, false),
            new Case(404, ErrorCode.MODEL_NOT_FOUND, false),
            new Case(413, ErrorCode.INVALID_REQUEST, false),
            new Case(429, ErrorCode.RATE_LIMITED, true),
            new Case(500, ErrorCode.UPSTREAM_ERROR, true),
            new Case(529, ErrorCode.UPSTREAM_ERROR, true)))
      for (boolean stream : new boolean[] {false, true})
        try (Upstream u =
            upstream(
                like(
                    sequence(new FakeOpenAiUpstream.Status(k.status(), "said " + k.status(), "3"))),
                Duration.ofSeconds(5))) {
          GroundedException e =
              org.assertj.core.api.Assertions.catchThrowableOfType(
                  GroundedException.class,
                  () -> u.provider().chat(request(stream, Duration.ofSeconds(5))));
          assertThat(e.code()).as(k + " stream=" + stream).isEqualTo(k.code());
          assertThat(e.retriable()).as(k + " stream=" + stream).isEqualTo(k.retriable());
          assertThat(e).hasMessageContaining("said " + k.status());
          if (k.status() == 429)
            assertThat(((UpstreamException) e).retryAfter()).contains(Duration.ofSeconds(3));
        }
  }

  @Test
  void anErrorEventMidStreamEndsTheStreamWithAnUpstreamErrorAfterItsChunks() throws Exception {
    try (Upstream u =
        upstream(replies(new FakeAnthropicUpstream.ErrorEvent(2)), Duration.ofSeconds(5))) {
      var s =
          ((ChatResponse.Streaming) u.provider().chat(request(true, Duration.ofSeconds(5))))
              .chunks();
      assertThat(delta(s.next().orElseThrow())).isEqualTo("one");
      assertThat(delta(s.next().orElseThrow())).isEqualTo(" two");
      assertThatThrownBy(s::next)
          .isInstanceOfSatisfying(
              GroundedException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR))
          .hasMessageContaining("Overloaded");
      assertThat(s.next()).isEmpty();
    }
  }

  @Test
  void whatAnthropicCannotExpressIsAnInvalidRequestAndNeverSent() throws Exception {
    try (Upstream u = upstream(like(sequence(answer("ok"))), Duration.ofSeconds(5))) {
      ObjectNode twoChoices = request(false, Duration.ofSeconds(5)).body().put("n", 2);
      ObjectNode badImage = request(false, Duration.ofSeconds(5)).body();
      ((ObjectNode) badImage.path("messages").get(0))
          .putArray("content")
          .add(image("ftp://example.com/cat.jpg"));
      for (ObjectNode body : List.of(twoChoices, badImage))
        assertThatThrownBy(() -> u.provider().chat(request(body)))
            .isInstanceOfSatisfying(
                GroundedException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
      assertThat(u.requests()).isZero();
    }
  }

  @Test
  void consecutiveToolResultsAndToolChoicesAreTranslatedAsAnthropicExpectsThem() throws Exception {
    ObjectNode body = JSON.createObjectNode().put("model", "claude-x");
    var messages = body.putArray("messages");
    messages.addObject().put("role", "user").put("content", "weather in Oslo and Rome?");
    ObjectNode assistant = messages.addObject().put("role", "assistant").put("content", "");
    var calls = assistant.putArray("tool_calls");
    for (String id : List.of("a", "b"))
      calls
          .addObject()
          .put("id", id)
          .put("type", "function")
          .putObject("function")
          .put("name", "weather")
          .put("arguments", "{}");
    messages.addObject().put("role", "tool").put("tool_call_id", "a").put("content", "sunny");
    messages.addObject().put("role", "tool").put("tool_call_id", "b").put("content", "rain");
    messages.addObject().put("role", "user").put("content", "thanks");
    body.putArray("tools")
        .addObject()
        .put("type", "function")
        .putObject("function")
        .put("name", "weather");
    body.put("parallel_tool_calls", false);
    ObjectNode named = body.deepCopy();
    named
        .putObject("tool_choice")
        .put("type", "function")
        .putObject("function")
        .put("name", "weather");
    try (FakeAnthropicUpstream fake = new FakeAnthropicUpstream(like(sequence(answer("ok"))))) {
      var p =
          new AnthropicProvider(
              new ProviderConfig("claude", fake.baseUrl(), "", Duration.ofSeconds(5)),
              OpenAiCompatibleProviderTest.HTTP,
              Map.of(),
              AnthropicProvider.DEFAULT_MAX_TOKENS);
      p.chat(request(body));
      p.chat(request(named));
      JsonNode turns = fake.requests.get(0).path("messages");
      assertThat(turns).hasSize(3); // user, assistant, one user turn with both results and text
      assertThat(turns.at("/1/content")).hasSize(2); // no empty text block beside the tool uses
      assertThat(turns.at("/2/content/0/tool_use_id").asText()).isEqualTo("a");
      assertThat(turns.at("/2/content/1/tool_use_id").asText()).isEqualTo("b");
      assertThat(turns.at("/2/content/2/text").asText()).isEqualTo("thanks");
      assertThat(fake.requests.get(0).path("tool_choice"))
          .isEqualTo(JSON.readTree("{\"type\":\"auto\",\"disable_parallel_tool_use\":true}"));
      assertThat(fake.requests.get(1).path("tool_choice"))
          .isEqualTo(
              JSON.readTree(
                  "{\"type\":\"tool\",\"name\":\"weather\",\"disable_parallel_tool_use\":true}"));
    }
  }

  @Test
  void anOverloadedAnthropicIsRetriedByTheChainUntilItStreams() throws Exception {
    var overloaded =
        new FakeAnthropicUpstream.Like(new FakeOpenAiUpstream.Status(529, "Overloaded", null));
    try (FakeAnthropicUpstream fake =
        new FakeAnthropicUpstream(
            replies(overloaded, overloaded, new FakeAnthropicUpstream.Like(answer("back now"))))) {
      var gateway =
          new dev.grounded.gateway.Gateway(
              new AnthropicProvider(
                  new ProviderConfig("claude", fake.baseUrl(), "", Duration.ofSeconds(5)),
                  OpenAiCompatibleProviderTest.HTTP,
                  Map.of(),
                  AnthropicProvider.DEFAULT_MAX_TOKENS),
              new dev.grounded.gateway.reliability.RetryPolicy(
                  4, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(2)),
              e -> {});
      var s = (ChatResponse.Streaming) gateway.chat(request(true, Duration.ofSeconds(5)));
      assertThat(contents(s.chunks())).containsExactly("back", " now", "");
      assertThat(fake.count()).isEqualTo(3);
    }
  }
}
