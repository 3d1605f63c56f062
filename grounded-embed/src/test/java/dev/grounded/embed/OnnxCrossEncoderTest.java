package dev.grounded.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.grounded.core.GroundedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxCrossEncoderTest {
  @TempDir Path tmp;

  @Test
  void pairsAreEncodedWithSegmentsAndTruncatedToFit() {
    WordPieceTokenizer t = WordPieceTokenizer.bgeSmallEnV15();
    WordPieceTokenizer.Pair p = t.encodePair("owls eat", "mice and voles", 512);
    int[] q = t.encode("owls eat", 512), d = t.encode("mice and voles", 512);
    // [CLS] owls eat [SEP] mice and voles [SEP]
    assertThat(p.ids()).hasSize(q.length + d.length - 1);
    assertThat(p.secondStart()).isEqualTo(q.length);
    assertThat(p.ids()[0]).isEqualTo(q[0]);
    assertThat(p.ids()[q.length - 1]).isEqualTo(q[q.length - 1]); // [SEP]
    assertThat(p.ids()[p.ids().length - 1]).isEqualTo(q[q.length - 1]);
    WordPieceTokenizer.Pair cut = t.encodePair("word ".repeat(100), "other ".repeat(100), 32);
    assertThat(cut.ids()).hasSize(32);
    assertThat(cut.secondStart()).as("the query keeps at most half").isLessThanOrEqualTo(16);
  }

  @Test
  void scoresRankPassagesByTheModelAndBatchingDoesNotChangeThem() throws Exception {
    try (OnnxCrossEncoder ce =
        OnnxCrossEncoder.load(TinyCrossEncoder.write(tmp.resolve("ce")), 1)) {
      List<String> passages =
          List.of(
              "Bees make honey from nectar.",
              "Owls eat mice and voles at night.",
              "Owls hunt at night.",
              "");
      float[] s = ce.score("what do owls eat at night", passages);
      // the tiny model's score, computed here from the same pair encoding
      for (int i = 0; i < passages.size(); i++)
        assertThat(s[i])
            .as(passages.get(i))
            .isCloseTo(overlap("what do owls eat at night", passages.get(i)), within(1e-6f));
      assertThat(s[2]).isGreaterThan(s[1]).isGreaterThan(s[0]);
      // one by one (no padding) gives the same scores as the padded batch
      for (int i = 0; i < passages.size(); i++)
        assertThat(ce.score("what do owls eat at night", List.of(passages.get(i)))[0])
            .isCloseTo(s[i], within(1e-6f));
      // a batch larger than one model call, in input order
      List<String> many = new ArrayList<>();
      for (int i = 0; i < 70; i++) many.add(i % 2 == 0 ? passages.get(1) : passages.get(0));
      float[] m = ce.score("what do owls eat at night", many);
      for (int i = 0; i < many.size(); i++)
        assertThat(m[i]).isCloseTo(i % 2 == 0 ? s[1] : s[0], within(1e-6f));
      assertThat(ce.score("q", List.of())).isEmpty();
    }
  }

  /**
   * Share of the passage's tokens (its final [SEP] included) found among the query's, over n + 1.
   */
  static float overlap(String query, String passage) {
    WordPieceTokenizer.Pair p = WordPieceTokenizer.bgeSmallEnV15().encodePair(query, passage, 512);
    java.util.Set<Integer> asked = new java.util.HashSet<>();
    for (int i = 0; i < p.secondStart(); i++) asked.add(p.ids()[i]);
    int found = 0, n = p.ids().length - p.secondStart();
    for (int i = p.secondStart(); i < p.ids().length; i++) if (asked.contains(p.ids()[i])) found++;
    return found / (float) (n + 1);
  }

  @Test
  void aDirectoryWithoutAModelOrWithABrokenOneIsAClearError() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertThatThrownBy(() -> OnnxCrossEncoder.load(empty, 1))
        .isInstanceOf(GroundedException.class)
        .hasMessageContaining("model.onnx and tokenizer.json");
    Path broken = TinyCrossEncoder.write(tmp.resolve("broken"));
    Files.writeString(broken.resolve("model.onnx"), "not a model");
    assertThatThrownBy(() -> OnnxCrossEncoder.load(broken, 1))
        .isInstanceOf(GroundedException.class)
        .hasMessageContaining("not a loadable ONNX model");
  }
}
