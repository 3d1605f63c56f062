package dev.grounded.gateway.structured;

import static dev.grounded.gateway.upstream.FakeOpenAiUpstream.answer;
import static dev.grounded.gateway.upstream.FakeOpenAiUpstream.sequence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.Gateway;
import dev.grounded.gateway.cache.CacheInterceptor;
import dev.grounded.gateway.cache.CacheSettings;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.ChatResponse;
import dev.grounded.gateway.chain.Deadline;
import dev.grounded.gateway.chain.GatewayEvent;
import dev.grounded.gateway.chain.GatewayEvent.OutputChecked.Outcome;
import dev.grounded.gateway.chain.RequestMetadata;
import dev.grounded.gateway.provider.OpenAiCompatibleProvider;
import dev.grounded.gateway.provider.ProviderConfig;
import dev.grounded.gateway.reliability.RetryPolicy;
import dev.grounded.gateway.upstream.FakeJsonModel;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream;
import dev.grounded.guard.json.Fix;
import dev.grounded.guard.json.SchemaValidator;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The structured-output stage through the real chain, provider and fake upstream. */
@Timeout(60)
class StructuredOutputTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  static final String VALID = "{\"name\":\"Ada\",\"age\":36,\"tags\":[],\"active\":true}";

  final List<GatewayEvent> events = new CopyOnWriteArrayList<>();
  final StructuredOutput structured = StructuredOutput.defaults();

  Gateway gateway(FakeOpenAiUpstream fake, StructuredOutput s) {
    return Gateway.builder()
        .provider(
            new OpenAiCompatibleProvider(
                new ProviderConfig("fake", fake.baseUrl(), "", Duration.ofSeconds(5)),
                HTTP,
                Map.of()))
        .retry(RetryPolicy.DEFAULT)
        .listener(events::add)
        .structuredOutput(s)
        .build();
  }

  static ObjectNode body(String question, JsonNode format) {
    ObjectNode body = JSON.createObjectNode().put("model", "m");
    body.putArray("messages").addObject().put("role", "user").put("content", question);
    if (format != null) body.set("response_format", format);
    return body;
  }

  static ObjectNode schemaFormat(String schema) throws Exception {
    ObjectNode f = JSON.createObjectNode().put("type", "json_schema");
    f.putObject("json_schema").put("name", "person").put("strict", true);
    ((ObjectNode) f.get("json_schema")).set("schema", JSON.readTree(schema));
    return f;
  }

  static ChatRequest request(ObjectNode body) {
    return new ChatRequest(
        body, RequestMetadata.anonymous("req-1"), Deadline.after(Duration.ofSeconds(10)));
  }

  static ChatResponse.Completion completion(ChatResponse r) {
    return (ChatResponse.Completion) r;
  }

  static String content(ChatResponse r) {
    return completion(r).body().at("/choices/0/message/content").asText();
  }

  @Test
  void aThousandSeededRequestsToASloppyModelEndValidAtLeast99PercentOfTheTime() throws Exception {
    long seed = Long.getLong("tests.seed", System.nanoTime());
    System.out.println("StructuredOutputTest seed=" + seed);
    FakeJsonModel model = new FakeJsonModel(seed);
    JsonNode schema = JSON.readTree(FakeJsonModel.SCHEMA);
    SchemaValidator check = new SchemaValidator();
    int cases = 1000;
    int valid = 0;
    int expectedCalls = 0;
    try (FakeOpenAiUpstream fake = new FakeOpenAiUpstream(model)) {
      Gateway g = gateway(fake, structured);
      for (int n = 1; n <= cases; n++) {
        String why = "seed=" + seed + " (re-run with -Dtests.seed=" + seed + ") case " + n;
        Outcome expected = expected(model, n, StructuredOutput.DEFAULT_REASKS);
        expectedCalls += calls(model, n, StructuredOutput.DEFAULT_REASKS);
        try {
          String out =
              content(
                  g.chat(
                      request(
                          body(FakeJsonModel.question(n), schemaFormat(FakeJsonModel.SCHEMA)))));
          assertThat(check.validate(schema, JSON.readTree(out))).as(why).isEmpty();
          assertThat(JSON.readTree(out)).as(why).isEqualTo(FakeJsonModel.person(n));
          assertThat(expected).as(why).isNotEqualTo(Outcome.FAILED);
          valid++;
        } catch (GroundedException e) {
          assertThat(e.code()).as(why).isEqualTo(ErrorCode.UPSTREAM_ERROR);
          assertThat(expected).as(why).isEqualTo(Outcome.FAILED);
        }
        assertThat(((GatewayEvent.OutputChecked) events.getLast()).outcome())
            .as(why)
            .isEqualTo(expected);
      }
      assertThat(fake.count()).isEqualTo(expectedCalls);
    }
    StructuredOutputStats stats = structured.stats();
    System.out.println(
        "StructuredOutputTest "
            + cases
            + " requests, "
            + valid
            + " valid ("
            + String.format("%.1f", 100.0 * valid / cases)
            + " %): "
            + stats);
    assertThat(stats.requests()).isEqualTo(cases);
    assertThat(stats.count(Outcome.FAILED)).isEqualTo(cases - valid);
    assertThat(stats.reasks()).isEqualTo(expectedCalls - cases);
    assertThat(valid).isGreaterThanOrEqualTo(cases * 99 / 100);
  }

  /** What the stage must make of case {@code n}, from the replies the model will write. */
  static Outcome expected(FakeJsonModel model, int n, int maxReasks) {
    FakeJsonModel.Defect first = model.defect(n, 0);
    if (first.recoverable)
      return first == FakeJsonModel.Defect.NONE || first == FakeJsonModel.Defect.PRETTY
          ? Outcome.VALID
          : Outcome.REPAIRED;
    for (int a = 1; a <= maxReasks; a++) if (model.defect(n, a).recoverable) return Outcome.REASKED;
    return Outcome.FAILED;
  }

  static int calls(FakeJsonModel model, int n, int maxReasks) {
    for (int a = 0; a <= maxReasks; a++) if (model.defect(n, a).recoverable) return a + 1;
    return maxReasks + 1;
  }

  @Test
  void aFencedReplyIsAnsweredWithItsRepairedJson() throws Exception {
    try (FakeOpenAiUpstream fake =
        new FakeOpenAiUpstream(sequence(answer("```json\n" + VALID + "\n```")))) {
      ChatResponse r =
          gateway(fake, structured).chat(request(body("q", schemaFormat(FakeJsonModel.SCHEMA))));
      assertThat(content(r)).isEqualTo(VALID);
      assertThat(structured.stats().count(Outcome.REPAIRED)).isEqualTo(1);
      assertThat(structured.stats().fixes(Fix.CODE_FENCE)).isEqualTo(1);
      assertThat(fake.count()).isEqualTo(1);
    }
  }

  @Test
  void theCacheKeepsTheCheckedAnswerSoAHitIsRepairedJsonWithoutAnotherCheck() throws Exception {
    try (FakeOpenAiUpstream fake =
        new FakeOpenAiUpstream(sequence(answer("Sure: " + VALID.replace("}", ",}"))))) {
      Gateway g =
          Gateway.builder()
              .provider(
                  new OpenAiCompatibleProvider(
                      new ProviderConfig("fake", fake.baseUrl(), "", Duration.ofSeconds(5)),
                      HTTP,
                      Map.of()))
              .cache(CacheInterceptor.exact(CacheSettings.DEFAULT, Clock.systemUTC()))
              .structuredOutput(structured)
              .build();
      for (int i = 0; i < 2; i++) {
        ObjectNode body = body("q", schemaFormat(FakeJsonModel.SCHEMA)).put("temperature", 0);
        assertThat(content(g.chat(request(body)))).isEqualTo(VALID);
      }
      assertThat(fake.count()).isEqualTo(1);
      assertThat(structured.stats().requests()).isEqualTo(1);
      assertThat(structured.stats().count(Outcome.REPAIRED)).isEqualTo(1);
    }
  }

  @Test
  void aValidReplyIsReturnedExactlyAsTheModelWroteIt() throws Exception {
    String pretty = JSON.readTree(VALID).toPrettyString();
    try (FakeOpenAiUpstream fake = new FakeOpenAiUpstream(sequence(answer(pretty)))) {
      ChatResponse r =
          gateway(fake, structured).chat(request(body("q", schemaFormat(FakeJsonModel.SCHEMA))));
      assertThat(content(r)).isEqualTo(pretty);
      assertThat(structured.stats().count(Outcome.VALID)).isEqualTo(1);
    }
  }

  @Test
  void aReaskCarriesTheReplyAndItsViolationsAndUsageCountsBothCalls() throws Exception {
    String missingAge = "{\"name\":\"Ada\",\"tags\":[],\"active\":true}";
    try (FakeOpenAiUpstream fake =
        new FakeOpenAiUpstream(sequence(answer(missingAge), answer(VALID)))) {
      ChatResponse r =
          gateway(fake, structured).chat(request(body("q", schemaFormat(FakeJsonModel.SCHEMA))));
      assertThat(content(r)).isEqualTo(VALID);
      assertThat(fake.count()).isEqualTo(2);
      JsonNode second = fake.requests.get(1);
      assertThat(second.path("response_format"))
          .isEqualTo(fake.requests.get(0).path("response_format"));
      JsonNode messages = second.path("messages");
      assertThat(messages).hasSize(3);
      assertThat(messages.get(1).path("role").asText()).isEqualTo("assistant");
      assertThat(messages.get(1).path("content").asText()).isEqualTo(missingAge);
      assertThat(messages.get(2).path("role").asText()).isEqualTo("user");
      assertThat(messages.get(2).path("content").asText())
          .contains("required property 'age' not found")
          .contains("only the corrected JSON");
      assertThat(completion(r).usage().promptTokens()).isEqualTo(20);
      assertThat(completion(r).body().at("/usage/prompt_tokens").asLong()).isEqualTo(20);
      assertThat(structured.stats().count(Outcome.REASKED)).isEqualTo(1);
      assertThat(structured.stats().reasks()).isEqualTo(1);
    }
  }

  @Test
  void aReaskIsRetriedLikeAnyCallBecauseTheStageSitsOutsideTheRetryStage() throws Exception {
    try (FakeOpenAiUpstream fake =
        new FakeOpenAiUpstream(
            sequence(
                answer("no JSON here"),
                new FakeOpenAiUpstream.Status(503, "busy", null),
                answer(VALID)))) {
      Gateway g =
          Gateway.builder()
              .provider(
                  new OpenAiCompatibleProvider(
                      new ProviderConfig("fake", fake.baseUrl(), "", Duration.ofSeconds(5)),
                      HTTP,
                      Map.of()))
              .retry(
                  new RetryPolicy(
                      3, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(1)))
              .listener(events::add)
              .structuredOutput(structured)
              .build();
      ChatResponse r = g.chat(request(body("q", schemaFormat(FakeJsonModel.SCHEMA))));
      assertThat(content(r)).isEqualTo(VALID);
      assertThat(fake.count()).isEqualTo(3);
      assertThat(events).hasAtLeastOneElementOfType(GatewayEvent.UpstreamRetried.class);
      assertThat(structured.stats().count(Outcome.REASKED)).isEqualTo(1);
    }
  }

  @Test
  void aReplyCutOffAtTheTokenLimitIsRepairedWhenItStillFitsTheSchemaElseAskedToBeShorter()
      throws Exception {
    String cutInTags = "{\"name\":\"Ada\",\"age\":36,\"active\":true,\"tags\":[\"math\",\"eng";
    String cutEarly = "{\"name\":\"Ada\",\"ag";
    try (FakeOpenAiUpstream fake =
        new FakeOpenAiUpstream(
            sequence(
                new FakeOpenAiUpstream.CutOff(cutInTags),
                new FakeOpenAiUpstream.CutOff(cutEarly),
                answer(VALID)))) {
      Gateway g = gateway(fake, structured);
      // the schema holds for the closed prefix: accepted, and the caller still sees "length"
      ChatResponse first = g.chat(request(body("q", schemaFormat(FakeJsonModel.SCHEMA))));
      assertThat(JSON.readTree(content(first)).path("tags"))
          .isEqualTo(JSON.readTree("[\"math\", \"eng\"]"));
      assertThat(completion(first).body().at("/choices/0/finish_reason").asText())
          .isEqualTo("length");
      assertThat(structured.stats().fixes(Fix.TRUNCATED)).isEqualTo(1);
      // required fields lost: asked again, told it was cut off
      assertThat(content(g.chat(request(body("q", schemaFormat(FakeJsonModel.SCHEMA))))))
          .isEqualTo(VALID);
      assertThat(fake.requests.get(2).at("/messages/2/content").asText())
          .contains("required property 'age' not found")
          .contains("cut off at the token limit");
    }
  }

  @Test
  void afterTheLastReaskTheCallerGetsA502NamingTheViolations() throws Exception {
    try (FakeOpenAiUpstream fake =
        new FakeOpenAiUpstream(sequence(answer("I would rather not.")))) {
      Gateway g = gateway(fake, structured);
      assertThatThrownBy(() -> g.chat(request(body("q", schemaFormat(FakeJsonModel.SCHEMA)))))
          .isInstanceOfSatisfying(
              GroundedException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
                assertThat(e.code().httpStatus()).isEqualTo(502);
                assertThat(e.param()).contains("response_format");
              })
          .hasMessageContaining("after 3 attempts")
          .hasMessageContaining("the reply is not JSON");
      assertThat(fake.count()).isEqualTo(3);
      assertThat(structured.stats().count(Outcome.FAILED)).isEqualTo(1);
      assertThat(structured.stats().reasks()).isEqualTo(2);
    }
  }

  @Test
  void withNoReasksConfiguredOnlyRepairIsTried() throws Exception {
    StructuredOutput repairOnly = StructuredOutput.withReasks(0);
    try (FakeOpenAiUpstream fake = new FakeOpenAiUpstream(sequence(answer("{\"age\": 3}")))) {
      Gateway g = gateway(fake, repairOnly);
      assertThatThrownBy(() -> g.chat(request(body("q", schemaFormat(FakeJsonModel.SCHEMA)))))
          .hasMessageContaining("after 1 attempt:")
          .hasMessageContaining("required property 'name' not found");
      assertThat(fake.count()).isEqualTo(1);
    }
  }

  @Test
  void anInvalidSchemaIsA400NamingTheProblemBeforeAnyUpstreamCall() throws Exception {
    try (FakeOpenAiUpstream fake = new FakeOpenAiUpstream(sequence(answer(VALID)))) {
      Gateway g = gateway(fake, structured);
      assertThatThrownBy(() -> g.chat(request(body("q", schemaFormat("{\"type\": \"objekt\"}")))))
          .isInstanceOfSatisfying(
              GroundedException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                assertThat(e.param()).contains("response_format.json_schema.schema");
              })
          .hasMessageContaining("/type");
      ObjectNode xml = JSON.createObjectNode().put("type", "xml");
      assertThatThrownBy(() -> g.chat(request(body("q", xml))))
          .hasMessageContaining("json_object or json_schema");
      ObjectNode noSpec = JSON.createObjectNode().put("type", "json_schema");
      assertThatThrownBy(() -> g.chat(request(body("q", noSpec))))
          .isInstanceOfSatisfying(
              GroundedException.class,
              e -> assertThat(e.param()).contains("response_format.json_schema"));
      assertThat(fake.count()).isZero();
      assertThat(structured.stats().requests()).isZero();
    }
  }

  @Test
  void jsonObjectModeWantsAnObjectAndAsksAgainForAnArray() throws Exception {
    try (FakeOpenAiUpstream fake =
        new FakeOpenAiUpstream(sequence(answer("[1, 2]"), answer("{'a': 1,}")))) {
      ChatResponse r =
          gateway(fake, structured)
              .chat(request(body("q", JSON.createObjectNode().put("type", "json_object"))));
      assertThat(JSON.readTree(content(r))).isEqualTo(JSON.readTree("{\"a\": 1}"));
      assertThat(fake.requests.get(1).at("/messages/2/content").asText())
          .contains("a JSON object is required, found array");
      assertThat(structured.stats().count(Outcome.REASKED)).isEqualTo(1);
    }
  }

  @Test
  void aStreamingRequestIsAskedWholeAndItsCheckedAnswerStreamedBack() throws Exception {
    try (FakeOpenAiUpstream fake =
        new FakeOpenAiUpstream(sequence(answer("Here: " + VALID + " enjoy")))) {
      ObjectNode body = body("q", schemaFormat(FakeJsonModel.SCHEMA)).put("stream", true);
      body.putObject("stream_options").put("include_usage", true);
      ChatResponse r = gateway(fake, structured).chat(request(body));
      assertThat(fake.requests.getFirst().path("stream").asBoolean()).isFalse();
      assertThat(r).isInstanceOf(ChatResponse.Streaming.class);
      List<JsonNode> chunks = new ArrayList<>();
      try (var s = ((ChatResponse.Streaming) r).chunks()) {
        for (var c = s.next(); c.isPresent(); c = s.next()) chunks.add(JSON.readTree(c.get()));
        assertThat(s.usage()).isPresent();
      }
      assertThat(chunks).hasSize(3);
      assertThat(chunks.get(0).at("/object").asText()).isEqualTo("chat.completion.chunk");
      assertThat(chunks.get(0).at("/choices/0/delta/content").asText()).isEqualTo(VALID);
      assertThat(chunks.get(1).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
      assertThat(chunks.get(2).at("/usage/total_tokens").asLong()).isPositive();
    }
  }

  @Test
  void requestsWithoutAJsonFormatAndToolCallRepliesPassUnchecked() throws Exception {
    try (FakeOpenAiUpstream fake =
        new FakeOpenAiUpstream(
            sequence(
                answer("```not json"),
                answer("plain text"),
                new FakeOpenAiUpstream.ToolCall("", "call_1", "lookup", List.of("{\"q\":1}"))))) {
      Gateway g = gateway(fake, structured);
      assertThat(content(g.chat(request(body("q", null))))).isEqualTo("```not json");
      assertThat(content(g.chat(request(body("q", JSON.createObjectNode().put("type", "text"))))))
          .isEqualTo("plain text");
      ChatResponse tool = g.chat(request(body("q", schemaFormat(FakeJsonModel.SCHEMA))));
      assertThat(completion(tool).body().at("/choices/0/message/tool_calls/0/id").asText())
          .isEqualTo("call_1");
      assertThat(fake.count()).isEqualTo(3);
      assertThat(structured.stats().requests()).isZero();
    }
  }
}
