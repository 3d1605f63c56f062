package dev.grounded.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grounded.gateway.routing.RouterModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouteTrainTest {
  @TempDir Path tmp;

  private static final String[] NAMES = {"Paris", "Newton", "Amazon", "Tokyo", "Beyonce", "Rome"};

  /**
   * An answers report over {@code n} questions: even ids are short who-questions, odd ids long
   * arithmetic ones; {@code rightOnHard} says whether this model answered the hard ones right.
   */
  static Path report(Path file, int n, boolean rightOnHard, String questionPrefix)
      throws Exception {
    Random r = new Random(7);
    List<Map<String, Object>> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String name = NAMES[r.nextInt(NAMES.length)];
      boolean hard = i % 2 == 1;
      String q =
          hard
              ? "How many years passed between "
                  + (1000 + r.nextInt(900))
                  + " and "
                  + (1900 + r.nextInt(100))
                  + " if the treaty signed in "
                  + name
                  + " counted "
                  + r.nextInt(50)
                  + " months twice, and what follows from that?"
              : "Who is " + name + "?";
      boolean right = !hard || rightOnHard;
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("id", "q" + i);
      item.put("question", questionPrefix + q);
      item.put("answerable", true);
      item.put("gold", List.of("x"));
      item.put("abstained", false);
      item.put("answer", right ? "x" : "y");
      item.put("scores", Map.of("gold_in_answer", right ? 1.0 : 0.0));
      items.add(item);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("schema", "grounded-eval/1");
    out.put("kind", "answers");
    out.put("items", items);
    Files.writeString(file, Json.write(out));
    return file;
  }

  @Test
  void trainsARouterFromTwoReportsAndReportsHeldOutFigures() throws Exception {
    Path cheap = report(tmp.resolve("cheap.json"), 80, false, "");
    Path strong = report(tmp.resolve("strong.json"), 80, true, "");
    Path out = tmp.resolve("models/router.json");
    Cli r =
        Cli.run(
            "route",
            "train",
            "--cheap",
            cheap.toString(),
            "--strong",
            strong.toString(),
            "--out",
            out.toString(),
            "--cost-ratio",
            "10");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("80 questions paired (0 skipped: upstream errors); 40 labelled strong")
        .contains("routing accuracy 100.0% at threshold 0.50")
        .contains("quality lost 0.0 points")
        .contains("threshold  to strong");
    RouterModel model = RouterModel.read(out);
    assertThat(model.embedding()).isEqualTo("bge-small-en-v1.5");
    assertThat(model.dimensions()).isEqualTo(384);
    JsonNode file = Json.MAPPER.readTree(out.toFile());
    JsonNode at = file.path("training").path("held_out_at_threshold");
    assertThat(at.path("routing_accuracy").asDouble()).isEqualTo(1.0);
    // a share s at cost 10, the rest at 1: (1 - s + 10 s) / 10 of sending all to the strong one
    double s = at.path("to_strong").asDouble();
    assertThat(s).isBetween(0.2, 0.8);
    assertThat(at.path("cost_saved").asDouble())
        .isCloseTo(1 - (1 + 9 * s) / 10, org.assertj.core.data.Offset.offset(1e-3));
    assertThat(file.path("training").path("held_out_curve").size()).isEqualTo(11);
    // the same reports train the same model
    Path again = tmp.resolve("again.json");
    Cli.run(
        "route",
        "train",
        "--cheap",
        cheap.toString(),
        "--strong",
        strong.toString(),
        "--out",
        again.toString());
    assertThat(Files.readString(again)).isEqualTo(Files.readString(out));
  }

  @Test
  void aMaximumQualityLossChoosesTheThresholdByCrossValidation() throws Exception {
    Path cheap = report(tmp.resolve("cheap.json"), 80, false, "");
    Path strong = report(tmp.resolve("strong.json"), 80, true, "");
    Path out = tmp.resolve("router.json");
    Cli r =
        Cli.run(
            "route",
            "train",
            "--cheap",
            cheap.toString(),
            "--strong",
            strong.toString(),
            "--out",
            out.toString(),
            "--no-embedding",
            "--max-quality-loss",
            "0");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("threshold 0\\.\\d\\d: the highest whose cross-validated");
    RouterModel model = RouterModel.read(out);
    // separable: every threshold short of certainty loses nothing, so the highest one is chosen
    assertThat(model.threshold()).isGreaterThan(0.5);
    JsonNode at = Json.MAPPER.readTree(out.toFile()).path("training").path("held_out_at_threshold");
    assertThat(at.path("quality_lost").asDouble()).isZero();
    assertThat(at.path("cost_saved").asDouble()).isPositive();
    assertThat(model.embedding()).isEmpty();
  }

  @Test
  void trainingSeesEachQuestionsEmbeddingAsTheServerComputesIt() {
    // questions of different lengths: in a batch the short ones would be padded
    List<String> qs =
        List.of(
            "Who?",
            "In what country is Normandy located?",
            "What is the name of the region the Normans gave their name to in the 10th and 11th"
                + " centuries, and who was its first duke?",
            "When?");
    List<RoutePairs.Pair> pairs = new ArrayList<>();
    for (String q : qs) pairs.add(new RoutePairs.Pair(q, q, true, true));
    try (dev.grounded.embed.OnnxEmbedder model =
        dev.grounded.embed.OnnxEmbedder.bgeSmallEnV15Q(1)) {
      List<double[]> trained = RouteTrainCommand.vectors(pairs, model);
      for (int i = 0; i < qs.size(); i++)
        assertThat(trained.get(i))
            .as(qs.get(i))
            .containsExactly(
                dev.grounded.gateway.routing.PromptFeatures.vector(
                    qs.get(i), model.embed(List.of(qs.get(i))).getFirst()));
    }
  }

  @Test
  void reportsOfDifferentQuestionsAreRefused() throws Exception {
    Path cheap = report(tmp.resolve("cheap.json"), 20, false, "");
    Path other = report(tmp.resolve("other.json"), 20, true, "Tell me: ");
    Cli r =
        Cli.run(
            "route",
            "train",
            "--cheap",
            cheap.toString(),
            "--strong",
            other.toString(),
            "--out",
            tmp.resolve("r.json").toString(),
            "--no-embedding");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.errLines())
        .singleElement()
        .asString()
        .startsWith("grounded: error: the reports are not of the same questions")
        .contains("question 'q0' reads differently");
    Path fewer = report(tmp.resolve("fewer.json"), 19, true, "");
    Cli f =
        Cli.run(
            "route",
            "train",
            "--cheap",
            cheap.toString(),
            "--strong",
            fewer.toString(),
            "--out",
            tmp.resolve("r.json").toString(),
            "--no-embedding");
    assertThat(f.exit()).isEqualTo(1);
    assertThat(f.err()).contains("question 'q19' is only in " + cheap);
    assertThat(tmp.resolve("r.json")).doesNotExist();
  }
}
