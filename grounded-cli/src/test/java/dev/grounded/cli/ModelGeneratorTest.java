package dev.grounded.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grounded.gateway.upstream.FakeChatServer;
import dev.grounded.gateway.upstream.FakeChatServer.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --generator model:NAME} end to end: the real retrieval and verification pipeline, with the
 * paid model replaced by a local server speaking the chat completions wire format. The stand-in
 * answers from the sources it is sent, citing them by the numbers the prompt gave them, so a wrong
 * numbering or a lost source shows up as an unsupported sentence.
 */
class ModelGeneratorTest {
  @TempDir Path tmp;

  static final Pattern SOURCE =
      Pattern.compile("<source id=\"(\\d+)\"[^>]*>\\n(.*?)\\n</source>", Pattern.DOTALL);

  /** The sources of a prompt, by number. */
  static Map<Integer, String> sources(String prompt) {
    Map<Integer, String> out = new LinkedHashMap<>();
    Matcher m = SOURCE.matcher(prompt);
    while (m.find()) out.put(Integer.parseInt(m.group(1)), m.group(2));
    return out;
  }

  /** The number of the source containing {@code text}, or 99 when none does. */
  static int cite(Map<Integer, String> sources, String text) {
    return sources.entrySet().stream()
        .filter(e -> e.getValue().contains(text))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElse(99);
  }

  /** The question at the end of a prompt. */
  static String question(String prompt) {
    return prompt.substring(prompt.lastIndexOf("Question: ") + 10);
  }

  static Reply model(JsonNode request) {
    String prompt = FakeChatServer.lastUser(request);
    Map<Integer, String> s = sources(prompt);
    String question = question(prompt);
    if (question.contains("owls"))
      return Reply.content(
          "Owls eat mice, voles and other small mammals [" + cite(s, "Owls eat mice") + "].");
    if (question.contains("bees"))
      return Reply.content(
          "Bees make honey from the nectar of flowers ["
              + cite(s, "nectar")
              + "]. Bees also live on the moon ["
              + cite(s, "nectar")
              + "].");
    return Reply.content("NO_ANSWER");
  }

  Path dataset() throws Exception {
    return EvalAnswersTest.animals(tmp);
  }

  @Test
  void evalAnswersScoresAModelsCitedAnswers() throws Exception {
    Path out = tmp.resolve("report.json");
    try (FakeChatServer llm = new FakeChatServer(ModelGeneratorTest::model)) {
      Cli r =
          Cli.run(
              "eval",
              "answers",
              "--data",
              tmp.resolve("data").toString(),
              "--dataset",
              dataset().toString(),
              "--generator",
              "model:small-model",
              "--llm-base-url",
              llm.baseUrl().toString(),
              "--parallel",
              "8",
              "--json",
              out.toString());
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(llm.requests).hasSize(3);
      assertThat(llm.requests).allMatch(q -> q.path("model").asText().equals("small-model"));
    }
    JsonNode report = Json.MAPPER.readTree(out.toFile());
    assertThat(report.at("/config/generator").asText()).isEqualTo("model:small-model");
    assertThat(report.at("/config/support_checker").asText())
        .as("a model's answers are scored with its verifier's checker")
        .isEqualTo("semantic");
    // the stand-in reports 10 prompt and 5 completion tokens per call
    assertThat(report.at("/usage/generator/calls").asLong()).isEqualTo(3);
    assertThat(report.at("/usage/generator/prompt_tokens").asLong()).isEqualTo(30);
    assertThat(report.at("/usage/generator/completion_tokens").asLong()).isEqualTo(15);
    assertThat(report.at("/usage/judge").isMissingNode()).isTrue();
    JsonNode m = report.get("metrics");
    assertThat(m.get("answer_rate").asDouble()).isEqualTo(1.0);
    assertThat(m.get("abstention_accuracy").asDouble()).isEqualTo(1.0);
    assertThat(m.get("gold_in_answer").asDouble()).isEqualTo(1.0);
    assertThat(m.get("citation_recall").asDouble()).isEqualTo(1.0);
    assertThat(m.get("citation_precision").asDouble()).isEqualTo(1.0);
    // the bees answer lost one sentence of two; the owls answer none
    assertThat(m.get("verifier_drop_rate").asDouble()).isEqualTo(0.25);
    assertThat(report.get("lower_is_better").toString()).contains("verifier_drop_rate");
    JsonNode bees = report.get("items").get(1);
    // the unsupported second sentence was dropped by the verifier
    assertThat(bees.get("answer").asText())
        .isEqualTo("Bees make honey from the nectar of flowers.")
        .doesNotContain("moon");
  }

  @Test
  void aQuestionTheUpstreamRefusesFailsAloneAndManyFailTheRun() throws Exception {
    // the owls question trips a (pretend) content filter; the others are answered
    java.util.function.Function<JsonNode, Reply> filtered =
        q ->
            question(FakeChatServer.lastUser(q)).contains("owls")
                ? Reply.error(400, "The response was filtered due to the prompt")
                : model(q);
    Path out = tmp.resolve("report.json");
    try (FakeChatServer llm = new FakeChatServer(filtered)) {
      Cli r =
          Cli.run(
              "eval",
              "answers",
              "--data",
              tmp.resolve("data").toString(),
              "--dataset",
              dataset().toString(),
              "--generator",
              "model:m",
              "--llm-base-url",
              llm.baseUrl().toString(),
              "--json",
              out.toString(),
              "--failures",
              tmp.resolve("failures.jsonl").toString());
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.out()).contains("1 questions failed and count in no metric");
    }
    JsonNode report = Json.MAPPER.readTree(out.toFile());
    assertThat(report.at("/dataset/failed").asInt()).isEqualTo(1);
    assertThat(report.get("items").get(0).get("error").asText()).contains("filtered");
    assertThat(report.at("/intervals/answer_rate/n").asInt())
        .as("the failed item counts in none")
        .isEqualTo(1);
    assertThat(java.nio.file.Files.readString(tmp.resolve("failures.jsonl")))
        .doesNotContain("owls");
  }

  @Test
  void askAnswersWithAModelAndListsItsSources() throws Exception {
    Path docs = Files.createDirectories(tmp.resolve("docs"));
    Files.writeString(
        docs.resolve("owls.md"),
        "# Owls\n\nOwls hunt at night. Owls eat mice, voles and other small mammals.\n");
    String data = tmp.resolve("data").toString();
    assertThat(Cli.run("ingest", "--data", data, docs.toString()).exit()).isZero();
    try (FakeChatServer llm = new FakeChatServer(ModelGeneratorTest::model)) {
      String url = llm.baseUrl().toString();
      Cli r =
          Cli.run(
              "ask",
              "--data",
              data,
              "--generator",
              "model:m",
              "--llm-base-url",
              url,
              "What",
              "do",
              "owls",
              "eat?");
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.out())
          .startsWith("Owls eat mice, voles and other small mammals. [1]")
          .contains("Sources:")
          .contains("owls.md");
      Cli none =
          Cli.run(
              "ask",
              "--data",
              data,
              "--generator",
              "model:m",
              "--llm-base-url",
              url,
              "--json",
              "Who",
              "wrote",
              "Hamlet?");
      assertThat(none.exit()).as(none.err()).isZero();
      assertThat(Json.MAPPER.readTree(none.out()).get("abstained").asBoolean()).isTrue();
    }
  }

  @Test
  void askUsesTheDefaultTenantsProductionGroundedAnswerPrompt() throws Exception {
    Path docs = Files.createDirectories(tmp.resolve("docs"));
    Files.writeString(docs.resolve("owls.md"), "Owls eat mice, voles and other small mammals.\n");
    String data = tmp.resolve("data").toString();
    assertThat(Cli.run("ingest", "--data", data, docs.toString()).exit()).isZero();
    Cli created =
        Cli.run(
            "prompts",
            "create",
            "grounded.answer",
            "--data",
            data,
            "--label",
            "production",
            "--system",
            "Answer tersely from the numbered sources or say {{no_answer}}.",
            "--text",
            "Sources:\n{{sources}}\nQuestion: {{question}}");
    assertThat(created.exit()).as(created.err()).isZero();
    try (FakeChatServer llm = new FakeChatServer(ModelGeneratorTest::model)) {
      Cli r =
          Cli.run(
              "ask",
              "--data",
              data,
              "--generator",
              "model:m",
              "--llm-base-url",
              llm.baseUrl().toString(),
              "What",
              "do",
              "owls",
              "eat?");
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.out()).startsWith("Owls eat mice");
      assertThat(llm.requests.getLast().at("/messages/0/content").asText())
          .isEqualTo("Answer tersely from the numbered sources or say NO_ANSWER.");
    }
  }

  @Test
  void badGeneratorsAndUpstreamErrorsAreOneLineErrors() throws Exception {
    String data = tmp.resolve("data").toString();
    Path docs = Files.createDirectories(tmp.resolve("docs"));
    Files.writeString(docs.resolve("owls.md"), "Owls eat mice, voles and other small mammals.\n");
    assertThat(Cli.run("ingest", "--data", data, docs.toString()).exit()).isZero();
    try (FakeChatServer denied =
        new FakeChatServer(q -> Reply.error(401, "Incorrect API key provided"))) {
      String url = denied.baseUrl().toString();
      Cli r = Cli.run("ask", "--data", data, "--generator", "model:m", "--llm-base-url", url, "q?");
      assertThat(r.exit()).isNotZero();
      assertThat(r.errLines()).singleElement().asString().contains("401");
      Path qa = dataset();
      Cli e =
          Cli.run(
              "eval",
              "answers",
              "--data",
              data,
              "--dataset",
              qa.toString(),
              "--generator",
              "model:m",
              "--llm-base-url",
              url);
      assertThat(e.exit()).isNotZero();
      assertThat(e.errLines()).last().asString().contains("401").contains("Incorrect API key");
    }
    for (String[] args :
        new String[][] {
          {"--generator", "model:", "--llm-base-url", "http://127.0.0.1:9/v1"},
          {"--generator", "gpt-9"},
          {"--generator", "model:m", "--llm-base-url", "ftp://example"},
        }) {
      String[] full = new String[args.length + 4];
      full[0] = "ask";
      full[1] = "--data";
      full[2] = data;
      System.arraycopy(args, 0, full, 3, args.length);
      full[full.length - 1] = "q?";
      Cli r = Cli.run(full);
      assertThat(r.exit()).as(String.join(" ", args)).isNotZero();
      assertThat(r.errLines()).as(String.join(" ", args)).hasSize(1);
    }
    assumeTrue(System.getenv("OPENAI_BASE_URL") == null, "OPENAI_BASE_URL is set here");
    Cli r = Cli.run("ask", "--data", data, "--generator", "model:m", "q?");
    assertThat(r.exit()).isNotZero();
    assertThat(r.errLines()).singleElement().asString().contains("--llm-base-url");
  }
}
