package dev.grounded.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grounded.answer.AnswerabilityModel;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalAnswerabilityFitTest {
  @TempDir Path tmp;

  /** Four articles of two paragraphs, each with answerable and unanswerable questions. */
  static Path squad(Path dir) throws Exception {
    String[][] facts = {
      {"Owls", "Owls hunt at night and eat mice.", "What do owls eat?", "mice"},
      {
        "Owls",
        "The barn owl lives on every continent except Antarctica.",
        "Where does the barn owl not live?",
        "Antarctica"
      },
      {
        "Bees",
        "Bees make honey from the nectar of flowers.",
        "What do bees make honey from?",
        "nectar"
      },
      {
        "Bees",
        "A hive holds about 50,000 bees in summer.",
        "How many bees does a hive hold in summer?",
        "50,000"
      },
      {
        "Rivers",
        "The Nile flows north into the Mediterranean Sea.",
        "Where does the Nile flow into?",
        "the Mediterranean Sea"
      },
      {
        "Rivers",
        "The Amazon carries more water than any other river.",
        "Which river carries the most water?",
        "The Amazon"
      },
      {
        "Stars",
        "The Sun is a star about 4.6 billion years old.",
        "How old is the Sun?",
        "4.6 billion years"
      },
      {
        "Stars",
        "Sirius is the brightest star in the night sky.",
        "Which star is the brightest in the night sky?",
        "Sirius"
      }
    };
    String[] impossible = {
      "How much does an owl weigh?", "When did the barn owl reach Antarctica?",
      "Who first kept bees in Egypt?", "How much honey does a hive sell for?",
      "When was the Nile first mapped?", "Who named the Amazon river?",
      "When will the Sun stop shining?", "Who discovered Sirius?"
    };
    Map<String, List<Map<String, Object>>> articles = new LinkedHashMap<>();
    for (int i = 0; i < facts.length; i++) {
      String[] f = facts[i];
      List<Map<String, Object>> qas = new ArrayList<>();
      qas.add(
          Map.of(
              "id",
              "a" + i,
              "question",
              f[2],
              "is_impossible",
              false,
              "answers",
              List.of(Map.of("text", f[3], "answer_start", 0))));
      qas.add(
          Map.of(
              "id",
              "u" + i,
              "question",
              impossible[i],
              "is_impossible",
              true,
              "answers",
              List.of()));
      articles
          .computeIfAbsent(f[0], k -> new ArrayList<>())
          .add(Map.of("context", f[1], "qas", qas));
    }
    List<Map<String, Object>> data = new ArrayList<>();
    articles.forEach(
        (title, paragraphs) -> data.add(Map.of("title", title, "paragraphs", paragraphs)));
    Path file = dir.resolve("tiny-squad.json");
    Files.writeString(file, Json.write(Map.of("version", "v2.0", "data", data)));
    return file;
  }

  @Test
  void fitsCachesAndWritesAModelTheAnswererCanRead() throws Exception {
    Path dataset = squad(tmp);
    Path features = tmp.resolve("features.jsonl");
    Path model = tmp.resolve("answerability.properties");
    String[] args = {
      "eval", "answerability-fit", "--data", tmp.resolve("data").toString(),
      "--dataset", dataset.toString(), "--features", features.toString(),
      "--drop-gold", "2", "--write-model", model.toString()
    };
    Cli first = Cli.run(args);
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out())
        .contains("questions: 16 (0 cached, 16 computed), and 4 without their paragraph")
        .contains("held-out AUROC: score alone")
        .contains("weight in_context score")
        .contains("weight answers question_negated");
    assertThat(Files.readAllLines(features)).hasSize(1 + 16); // the key line, then a line each
    AnswerabilityModel m = AnswerabilityModel.read(new StringReader(Files.readString(model)));
    assertThat(m.parts())
        .extracting(AnswerabilityModel.Part::name)
        .containsExactly("in_context", "answers");
    assertThat(Files.readString(model)).contains("# Fitted by: grounded eval answerability-fit");

    Cli again = Cli.run(args); // from the caches: nothing retrieved again, the same fit
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.out()).contains("questions: 16 (16 cached, 0 computed)");
    assertThat(again.out().lines().filter(l -> l.startsWith("held-out AUROC")).toList())
        .isEqualTo(first.out().lines().filter(l -> l.startsWith("held-out AUROC")).toList());

    Cli bad =
        Cli.run(
            "eval",
            "answerability-fit",
            "--data",
            tmp.resolve("data").toString(),
            "--dataset",
            dataset.toString(),
            "--features",
            features.toString(),
            "--use",
            "nope");
    assertThat(bad.exit()).isNotZero();
    assertThat(bad.err()).contains("unknown feature 'nope'");
  }
}
