package dev.grounded.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.eval.gate.ReportSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalAnswersTest {
  @TempDir Path tmp;

  /** Two answerable questions with inline contexts and one unanswerable question, as JSONL. */
  static Path animals(Path dir) throws java.io.IOException {
    return Files.writeString(
        dir.resolve("animals.jsonl"),
        String.join(
            "\n",
            "{\"id\":\"1\",\"question\":\"What do owls eat?\",\"answers\":[\"mice\"],\"context_id\":\"owls\",\"title\":\"Owls\",\"context\":\"Owls hunt at night. Owls eat mice, voles and other small mammals they catch in the dark.\"}",
            "{\"id\":\"2\",\"question\":\"What do bees make honey from?\",\"answers\":[\"nectar\"],\"context_id\":\"bees\",\"title\":\"Bees\",\"context\":\"Bees make honey from the nectar of flowers, which they store in wax combs inside the hive.\"}",
            "{\"id\":\"3\",\"question\":\"What is the boiling point of liquid nitrogen in a vacuum chamber?\",\"answers\":[],\"answerable\":false}"));
  }

  @Test
  void scoresCitedAnswersOnAJsonlDataSetWithInlineContexts() throws Exception {
    Path qa = animals(tmp);
    Path out = tmp.resolve("report.json");
    Cli r =
        Cli.run(
            "eval",
            "answers",
            "--data",
            tmp.resolve("data").toString(),
            "--dataset",
            qa.toString(),
            "--json",
            out.toString(),
            "--html",
            tmp.resolve("html/report.html").toString(),
            "--failures",
            tmp.resolve("failures.jsonl").toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Files.readString(tmp.resolve("html/report.html")))
        .contains("<h1>Answer evaluation: animals</h1>")
        .contains("faithfulness");
    assertThat(r.out())
        .contains("faithfulness")
        .contains("abstention_accuracy")
        .contains("3 questions (2 answerable, 1 unanswerable)");
    JsonNode report = Json.MAPPER.readTree(out.toFile());
    assertThat(ReportSchema.violations(report)).as("report schema").isEmpty();
    int abstentions = 0;
    for (JsonNode i : report.get("items")) if (i.get("abstained").asBoolean()) abstentions++;
    assertThat(abstentions).as("the unanswerable question").isPositive();
    // progress counts questions asked; the summary says how many were answered
    assertThat(r.err()).contains("asked 3 of 3").doesNotContain("answered 3 of 3");
    assertThat(r.out()).contains((3 - abstentions) + " answered, " + abstentions + " abstained");
    assertThat(report.get("schema").asText()).isEqualTo("grounded-eval/1");
    assertThat(report.at("/config/dataset_version").asText()).startsWith("sha256:");
    // the failure set holds exactly the items that failed, each a valid data set line
    int failed = 0;
    for (JsonNode i : report.get("items")) {
      boolean answerable = i.get("answerable").asBoolean();
      boolean abstained = i.get("abstained").asBoolean();
      if (answerable ? abstained || i.at("/scores/gold_in_answer").asDouble() == 0 : !abstained)
        failed++;
    }
    List<String> lines = Files.readAllLines(tmp.resolve("failures.jsonl"));
    assertThat(lines).hasSize(failed);
    for (String line : lines) {
      JsonNode f = Json.MAPPER.readTree(line);
      assertThat(f.get("failed_because").asText()).isNotBlank();
      assertThat(f.get("question").asText()).isNotBlank();
    }
    assertThat(report.get("kind").asText()).isEqualTo("answers");
    JsonNode m = report.get("metrics");
    assertThat(m.get("gold_in_answer").asDouble()).isEqualTo(1.0);
    assertThat(m.get("retrieval_recall").asDouble()).isEqualTo(1.0);
    assertThat(m.get("faithfulness").asDouble()).isEqualTo(1.0);
    assertThat(m.get("citation_recall").asDouble()).isEqualTo(1.0);
    assertThat(report.get("items")).hasSize(3);
    JsonNode first = report.get("items").get(0);
    assertThat(first.get("answer").asText()).contains("mice");
    assertThat(first.get("claims").get(0).get("supported").asBoolean()).isTrue();

    assertThat(report.at("/config/min_score").asDouble())
        .isEqualTo(dev.grounded.answer.ExtractiveOptions.DEFAULT_MIN_SCORE);
    assertThat(report.at("/config/support_checker").asText()).isEqualTo("lexical");
    assertThat(report.get("selective_answering").isArray()).isTrue();
    assertThat(m.has("abstention_auroc")).isTrue();
    assertThat(r.out()).contains("abstention_auroc");

    // a higher bar for quoting: the same questions, all abstained on
    Path strict = tmp.resolve("strict.json");
    Cli s =
        Cli.run(
            "eval",
            "answers",
            "--data",
            tmp.resolve("data").toString(),
            "--dataset",
            qa.toString(),
            "--min-score",
            "0.99",
            "--json",
            strict.toString());
    assertThat(s.exit()).as(s.err()).isZero();
    JsonNode strictReport = Json.MAPPER.readTree(strict.toFile());
    assertThat(strictReport.at("/metrics/answer_rate").asDouble()).isZero();
    assertThat(strictReport.at("/metrics/abstention_accuracy").asDouble()).isEqualTo(1.0);

    // the report gates against itself
    Cli gate =
        Cli.run(
            "eval",
            "gate",
            "--baseline",
            out.toString(),
            "--current",
            out.toString(),
            "--max-drop",
            "faithfulness=0.02,unsupported_rate=0.02",
            "--default-max-drop",
            "0");
    assertThat(gate.exit()).as(gate.out() + gate.err()).isZero();
  }

  @Test
  void badOptionsAndDataSetsAreOneLineErrors() throws Exception {
    Path qa =
        Files.writeString(
            tmp.resolve("bad.jsonl"),
            "{\"id\":\"1\",\"question\":\"q\",\"answers\":[\"a\"]}\n{oops\n");
    for (String[] args :
        new String[][] {
          {"--dataset", qa.toString()},
          {"--dataset", tmp.resolve("absent.jsonl").toString()},
          {"--dataset", qa.toString(), "--k", "0"},
          {"--dataset", qa.toString(), "--generator", "gpt-9"},
          {"--dataset", qa.toString(), "--support-threshold", "2"},
          {"--dataset", qa.toString(), "--min-score", "1.5"},
          {"--dataset", qa.toString(), "--parallel", "0"},
          {"--dataset", qa.toString(), "--support-checker", "entailment"},
          {"--dataset", qa.toString(), "--min-score", "0.6", "--generator", "model:m"}
        }) {
      String[] full = new String[args.length + 4];
      full[0] = "eval";
      full[1] = "answers";
      full[2] = "--data";
      full[3] = tmp.resolve("data").toString();
      System.arraycopy(args, 0, full, 4, args.length);
      Cli r = Cli.run(full);
      assertThat(r.exit()).as(String.join(" ", args)).isNotZero();
      assertThat(r.errLines()).as(String.join(" ", args)).hasSize(1);
    }
  }

  /**
   * SQuAD 2.0 dev, its first two articles as the corpus and their first 150 questions: the
   * extractive answerer's citations must hold and the gold paragraph must be found. (The whole set
   * is measured by hand: see README.)
   */
  @Test
  void onTwoSquadArticlesCitationsHoldAndGoldParagraphsAreRetrieved() throws Exception {
    Path squad =
        Path.of("../../shared/data/squad-v2-dev-half/dev-v2.0.json").toAbsolutePath().normalize();
    if (!Files.exists(squad))
      squad =
          Path.of("../shared/data/squad-v2-dev-half/dev-v2.0.json").toAbsolutePath().normalize();
    assumeTrue(Files.exists(squad), "no SQuAD data at " + squad);
    ObjectNode root = (ObjectNode) Json.MAPPER.readTree(squad.toFile());
    ArrayNode data = (ArrayNode) root.get("data");
    ArrayNode two = Json.MAPPER.createArrayNode().add(data.get(0)).add(data.get(1));
    root.set("data", two);
    Path subset = tmp.resolve("squad-two.json");
    Json.MAPPER.writeValue(subset.toFile(), root);
    Path out = tmp.resolve("squad.json");
    Cli r =
        Cli.run(
            "eval",
            "answers",
            "--data",
            tmp.resolve("data").toString(),
            "--dataset",
            subset.toString(),
            "--limit",
            "150",
            "--json",
            out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode m = Json.MAPPER.readTree(out.toFile()).get("metrics");
    System.out.println("SQuAD, 2 articles, 150 questions:\n" + r.out());
    assertThat(m.get("citation_precision").asDouble()).isGreaterThanOrEqualTo(0.95);
    assertThat(m.get("unsupported_rate").asDouble()).isLessThanOrEqualTo(0.02);
    assertThat(m.get("retrieval_recall").asDouble()).isGreaterThanOrEqualTo(0.85);
    assertThat(m.get("gold_in_answer").asDouble()).isGreaterThanOrEqualTo(0.6);
  }
}
