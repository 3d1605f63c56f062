package dev.grounded.eval.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.testing.TestModels;
import dev.grounded.gateway.upstream.FakeChatServer;
import dev.grounded.gateway.upstream.FakeChatServer.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JudgeTest {
  @TempDir Path dir;

  static final String RUBRIC =
      """
      name: groundedness
      version: 2
      criteria:
        - Every sentence of the answer is supported by the context.
      scale: [1, 2, 3]
      fields: [context, answer]
      anchors:
        - item: {context: "Owls eat mice.", answer: "Owls eat mice."}
          label: 3
          reason: quoted
      """;

  Rubric rubric() throws Exception {
    return Rubric.read(Files.writeString(dir.resolve("r.yaml"), RUBRIC));
  }

  static Judge judge(Rubric r, FakeChatServer s) {
    return new Judge(r, TestModels.over(s.baseUrl(), "judge-model", "sk-test"), 0);
  }

  static final Map<String, String> ITEM =
      Map.of("context", "Bees make honey.", "answer", "Bees make wax.");

  @Test
  void sendsCriteriaAnchorsAndSchemaAndReadsAValidVerdict() throws Exception {
    try (FakeChatServer s =
        new FakeChatServer(
            req -> Reply.content("{\"label\": 1, \"reason\": \"wax is not in the context\"}"))) {
      Judge.Verdict v = judge(rubric(), s).judge(ITEM);
      assertThat(v.label()).isEqualTo("1");
      assertThat(v.reason()).contains("wax");
      assertThat(v.attempts()).isEqualTo(1);
      var req = s.requests.getFirst();
      assertThat(req.path("model").asText()).isEqualTo("judge-model");
      assertThat(req.path("response_format").path("type").asText()).isEqualTo("json_schema");
      assertThat(
              req.path("response_format")
                  .path("json_schema")
                  .path("schema")
                  .path("required")
                  .toString())
          .contains("label");
      assertThat(req.path("messages")).hasSize(4); // system, anchor (user + assistant), item
      assertThat(req.path("messages").get(0).path("content").asText())
          .contains("supported by the context")
          .contains("1, 2, 3");
      assertThat(FakeChatServer.lastUser(req)).contains("### context").contains("Bees make wax.");
      assertThat(s.authorizations.getFirst()).isEqualTo("Bearer sk-test");
    }
  }

  @Test
  void theShippedJudgePromptIsTheTextJudgesSentBeforeTheRegistry() throws Exception {
    Rubric r = rubric();
    // the instructions as Judge built them in code before they became grounded.judge@1
    StringBuilder before = new StringBuilder();
    before.append("You are a careful, impartial grader. Grade the item by these criteria:\n");
    for (String c : r.criteria()) before.append("- ").append(c).append('\n');
    before.append("\nLabels, from worst to best: ").append(String.join(", ", r.scale()));
    before.append('\n');
    before.append(
        "\nReply with only a JSON object, no prose around it, valid under this JSON schema:\n");
    before.append(r.outputSchema().toString()).append('\n');
    before.append("Put the label in \"label\" and a one-sentence justification in \"reason\".");
    try (FakeChatServer s =
        new FakeChatServer(req -> Reply.content("{\"label\": 3, \"reason\": \"ok\"}"))) {
      judge(r, s).judge(ITEM);
      assertThat(s.requests.getFirst().path("messages").get(0).path("content").asText())
          .isEqualTo(before.toString());
    }
  }

  @Test
  void aNewVersionOfTheJudgePromptIsWhatTheModelGets() throws Exception {
    var body = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    body.putArray("messages")
        .addObject()
        .put("role", "system")
        .put(
            "content",
            "Grade strictly. Criteria:\n{{criteria}}Scale: {{scale}}. Schema: {{schema}}");
    JudgePrompt v2 =
        new JudgePrompt(
            dev.grounded.gateway.registry.PromptTemplate.of(JudgePrompt.NAME, body),
            "grounded.judge@2");
    try (FakeChatServer s =
        new FakeChatServer(req -> Reply.content("{\"label\": 3, \"reason\": \"ok\"}"))) {
      Judge j = new Judge(rubric(), TestModels.over(s.baseUrl(), "judge-model", "sk-test"), 0, v2);
      j.judge(ITEM);
      assertThat(j.promptRef()).isEqualTo("grounded.judge@2");
      assertThat(s.requests.getFirst().path("messages").get(0).path("content").asText())
          .startsWith("Grade strictly. Criteria:\n- Every sentence of the answer is supported")
          .contains("Scale: 1, 2, 3. Schema: {");
    }
  }

  @Test
  void anInvalidVerdictGetsOneRepairRound() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (FakeChatServer s =
        new FakeChatServer(
            req ->
                calls.incrementAndGet() == 1
                    ? Reply.content("I think it deserves a 7.")
                    : Reply.content("```json\n{\"label\": \"2\", \"reason\": \"partly\"}\n```"))) {
      Judge.Verdict v = judge(rubric(), s).judge(ITEM);
      assertThat(v.label()).isEqualTo("2");
      assertThat(v.attempts()).isEqualTo(2);
      assertThat(FakeChatServer.lastUser(s.requests.get(1))).contains("not valid");
    }
  }

  @Test
  void offScaleOrSchemaBreakingVerdictsTwiceAreAnUpstreamError() throws Exception {
    try (FakeChatServer s =
        new FakeChatServer(
            req -> Reply.content("{\"label\": 7, \"reason\": \"x\", \"extra\": 1}"))) {
      assertThatThrownBy(() -> judge(rubric(), s).judge(ITEM))
          .isInstanceOf(GroundedException.class)
          .satisfies(
              e -> assertThat(((GroundedException) e).code()).isEqualTo(ErrorCode.UPSTREAM_ERROR))
          .hasMessageContaining("no valid verdict");
      assertThat(s.requests).hasSize(2);
    }
  }

  @Test
  void rateLimitsAreRetriedAndOtherErrorsFailWithTheUpstreamMessage() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (FakeChatServer s =
        new FakeChatServer(
            req ->
                calls.incrementAndGet() == 1
                    ? new Reply(429, "slow down", "0")
                    : Reply.content("{\"label\": 3, \"reason\": \"fine\"}"))) {
      assertThat(judge(rubric(), s).judge(ITEM).label()).isEqualTo("3");
      assertThat(s.requests).hasSize(2);
    }
    try (FakeChatServer s =
        new FakeChatServer(req -> Reply.error(401, "Incorrect API key provided"))) {
      assertThatThrownBy(() -> judge(rubric(), s).judge(ITEM))
          .isInstanceOf(GroundedException.class)
          .hasMessageContaining("401")
          .hasMessageContaining("Incorrect API key provided");
      assertThat(s.requests).hasSize(1);
    }
  }

  @Test
  void anItemWithoutAFieldTheRubricShowsIsRefused() throws Exception {
    try (FakeChatServer s = new FakeChatServer(req -> Reply.content("{}"))) {
      assertThatThrownBy(() -> judge(rubric(), s).judge(Map.of("answer", "x")))
          .isInstanceOf(GroundedException.class)
          .hasMessageContaining("'context'");
    }
  }

  @Test
  void badRubricsAreClearErrors() throws Exception {
    assertThatThrownBy(() -> Rubric.read(dir.resolve("absent.yaml")))
        .hasMessageContaining("no such file");
    for (String bad :
        new String[] {
          "name: x\nscale: [1, 2]\n", // no criteria
          "name: x\ncriteria: [c]\nscale: [1]\n", // one label
          "name: x\ncriteria: [c]\nscale: [1, 2]\nanchors: [{item: {a: b}, label: 5, reason: r}]\n",
          "name: 'bad name'\ncriteria: [c]\nscale: [1, 2]\n",
          "name: x\ncriteria: [c]\nscale: [1, 2]\nmin_kappa: 3\n",
          "[not, a, mapping]"
        }) {
      Path f = Files.writeString(dir.resolve("bad.yaml"), bad);
      assertThatThrownBy(() -> Rubric.read(f))
          .as(bad)
          .isInstanceOf(GroundedException.class)
          .hasMessageContaining("bad.yaml");
    }
    Rubric r = rubric();
    assertThat(r.ordinal()).isTrue();
    assertThat(r.minKappa()).isEqualTo(Rubric.DEFAULT_MIN_KAPPA);
    assertThat(r.version()).isEqualTo("2");
  }
}
