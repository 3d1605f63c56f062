package dev.grounded.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grounded.core.GroundedException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxReaderTest {
  @TempDir Path tmp;

  @Test
  void findsTheSpanItKnowsAndPrefersNoAnswerElsewhere() throws Exception {
    try (OnnxReader reader = OnnxReader.load(TinyReader.write(tmp.resolve("reader")), 1)) {
      List<OnnxReader.Span> spans =
          reader.read(
              "What do owls eat?",
              List.of(
                  "Owls hunt at night. Owls eat mice and voles in the dark.",
                  "Bees make honey from the nectar of flowers.",
                  ""));
      assertThat(spans.get(0).text()).isEqualTo("mice and voles");
      assertThat(spans.get(0).occurrence()).isEqualTo(1);
      assertThat(spans.get(0).score()).isEqualTo(20.0);
      assertThat(spans.get(0).noAnswer()).isEqualTo(2.0);
      assertThat(spans.get(0).margin()).isEqualTo(18.0);
      assertThat(spans.get(1).margin()).as("no owl fact here").isEqualTo(-2.0);
      assertThat(spans.get(2).margin()).as("an empty passage has no span").isNegative();
      // the same passage, another question: the honey fact, and a question about neither
      assertThat(
              reader
                  .read(
                      "Where does honey come from?",
                      List.of("Bees make honey from the nectar of flowers."))
                  .getFirst()
                  .text())
          .isEqualTo("nectar");
      assertThat(
              reader
                  .read("What is liquid nitrogen?", List.of("Owls eat mice and voles."))
                  .getFirst()
                  .margin())
          .isNegative();
      // batched with padding and alone give the same spans
      assertThat(reader.read("What do owls eat?", List.of("Owls eat mice and voles in the dark.")))
          .containsExactly(spans.get(0));
    }
  }

  @Test
  void spansAreWholeWordsAndKnowWhichOccurrenceTheyAre() throws Exception {
    WordPieceTokenizer t = WordPieceTokenizer.bgeSmallEnV15();
    int[] ids = t.encode("xylophonist", 16);
    assertThat(ids.length).as("a word of several pieces").isGreaterThan(3);
    assertThat(t.continuesWord(ids[1])).isFalse();
    assertThat(t.continuesWord(ids[2])).isTrue();
    assertThat(t.decode(ids, 1, ids.length - 1)).isEqualTo("xylophonist");
    assertThat(t.decode(ids, 2, ids.length - 1)).doesNotContain("#");
    try (OnnxReader reader = OnnxReader.load(TinyReader.write(tmp.resolve("reader")), 1)) {
      // the tiny reader scores "nectar" when honey is asked about; the second one is in a later
      // sentence, and the first is the best (ties keep the first)
      OnnxReader.Span s =
          reader
              .read(
                  "Where does honey come from?",
                  List.of("Nectar is sweet. Bees turn nectar into honey."))
              .getFirst();
      assertThat(s.text()).isEqualTo("nectar");
      assertThat(s.occurrence()).isEqualTo(1);
    }
  }

  @Test
  void aModelWithoutReaderOutputsIsRefused() throws Exception {
    Path notAReader = TinyCrossEncoder.write(tmp.resolve("ce"));
    assertThatThrownBy(() -> OnnxReader.load(notAReader, 1))
        .isInstanceOf(GroundedException.class)
        .hasMessageContaining("start_logits");
  }
}
