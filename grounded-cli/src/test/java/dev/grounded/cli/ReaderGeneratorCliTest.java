package dev.grounded.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grounded.embed.TinyReader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --generator reader:DIR} end to end with the tiny reader the tests write: it knows what
 * owls eat and where honey comes from, and prefers no answer to anything else, so it abstains on
 * the unanswerable question that the extractive generator answers.
 */
class ReaderGeneratorCliTest {
  @TempDir Path tmp;

  @Test
  void evalAnswersWithAReaderAbstainsWhereItHasNoAnswer() throws Exception {
    Path reader = TinyReader.write(tmp.resolve("reader"));
    Path out = tmp.resolve("report.json");
    String data = tmp.resolve("data").toString();
    Cli r =
        Cli.run(
            "eval",
            "answers",
            "--data",
            data,
            "--dataset",
            EvalAnswersTest.animals(tmp).toString(),
            "--generator",
            "reader:" + reader,
            "--json",
            out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode report = Json.MAPPER.readTree(out.toFile());
    JsonNode m = report.get("metrics");
    assertThat(m.get("answer_rate").asDouble()).isEqualTo(1.0);
    assertThat(m.get("gold_in_answer").asDouble()).isEqualTo(1.0);
    assertThat(m.get("abstention_accuracy").asDouble()).isEqualTo(1.0);
    assertThat(m.get("citation_precision").asDouble()).isEqualTo(1.0);
    assertThat(m.get("abstention_auroc").asDouble()).isEqualTo(1.0);
    assertThat(report.at("/config/min_score").asDouble()).isEqualTo(0.5);
    assertThat(report.get("items").get(0).get("answer").asText())
        .isEqualTo("Owls eat mice, voles and other small mammals they catch in the dark.");

    Cli ask =
        Cli.run(
            "ask",
            "--data",
            data,
            "--collection",
            "eval-animals",
            "--generator",
            "reader:" + reader,
            "Where",
            "does",
            "honey",
            "come",
            "from?");
    assertThat(ask.exit()).as(ask.err()).isZero();
    assertThat(ask.out()).contains("nectar of flowers").contains("[1]");

    for (String[] args :
        new String[][] {
          {"ask", "--data", data, "--generator", "reader:" + tmp.resolve("absent"), "q?"},
          {"ask", "--data", data, "--generator", "reader:" + tmp.resolve("data"), "q?"},
          {"ask", "--data", data, "--generator", "reader:" + reader, "--min-score", "2", "q?"}
        }) {
      Cli bad = Cli.run(args);
      assertThat(bad.exit()).as(String.join(" ", args)).isNotZero();
      assertThat(bad.errLines()).as(String.join(" ", args)).hasSize(1);
    }
  }
}
