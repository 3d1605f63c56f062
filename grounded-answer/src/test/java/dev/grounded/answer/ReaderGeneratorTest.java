package dev.grounded.answer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grounded.core.Answer;
import dev.grounded.core.Chunk;
import dev.grounded.core.Hit;
import dev.grounded.core.Location;
import dev.grounded.embed.OnnxReader;
import dev.grounded.embed.TinyReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader generator over the tiny reader the tests write (it knows an owl and a bee fact). */
class ReaderGeneratorTest {
  @TempDir Path tmp;

  static Hit hit(String doc, String text) {
    return new Hit(
        new Chunk(doc, doc + ".md", 0, text, new Location(0, List.of(), 0, text.length())), 1);
  }

  static final List<Hit> CONTEXT =
      List.of(
          hit("bees", "Bees make honey from the nectar of flowers. They live in hives."),
          hit(
              "owls",
              "Owls hunt at night. Owls eat Mice\nand voles in the dark. They nest in trees."));

  @Test
  void quotesTheSentenceHoldingTheBestSpanOrAbstains() throws Exception {
    try (OnnxReader reader = OnnxReader.load(TinyReader.write(tmp.resolve("r")), 1)) {
      ReaderGenerator g = new ReaderGenerator(reader, ReaderGenerator.DEFAULT_MIN_CONFIDENCE);
      Answer owls =
          new QuoteVerifier()
              .verify(g.generate(new Question("What do owls eat?", new float[0]), CONTEXT));
      assertThat(owls.abstained()).isFalse();
      // the span "mice and voles" is found across a line break and its case, and its sentence
      // quoted
      assertThat(owls.text()).isEqualTo("Owls eat Mice and voles in the dark. [1]");
      assertThat(owls.citations().getFirst().chunk().documentId()).isEqualTo("owls");
      assertThat(owls.citations().getFirst().score()).isGreaterThan(0.99); // logistic(18)
      Answer honey = g.generate(new Question("Where does honey come from?", new float[0]), CONTEXT);
      assertThat(honey.text()).isEqualTo("Bees make honey from the nectar of flowers. [1]");
      assertThat(
              g.generate(new Question("What is liquid nitrogen?", new float[0]), CONTEXT)
                  .abstained())
          .isTrue();
      assertThat(g.generate(new Question("What do owls eat?", new float[0]), List.of()).abstained())
          .isTrue();
      // a bar above the model's confidence abstains even on what it knows
      assertThat(
              new ReaderGenerator(reader, 1.0)
                  .generate(new Question("What do owls eat?", new float[0]), CONTEXT)
                  .abstained())
          .isTrue();
    }
  }

  @Test
  void spansAreLocatedWithoutCaseAccentsOrSpacing() {
    String text = "Le café est fermé. The U.S. Army left in 1945. Next.";
    assertThat(ReaderGenerator.locate(text, "cafe est ferme")).containsExactly(0, 18);
    assertThat(ReaderGenerator.locate(text, "u . s . army")).containsExactly(19, 46);
    // the sentence splitter ends a sentence at "U.S.": the quote stops there
    assertThat(ReaderGenerator.locate(text, "ferme . the u")).containsExactly(0, 27);
    assertThat(ReaderGenerator.locate(text, "[UNK] army")).isNull();
    // the second "paris" is the one the reader found: its sentence is quoted
    String twice = "Smith studied in Paris. In 1920 he moved back to Paris, where he died.";
    assertThat(ReaderGenerator.locate(twice, "paris", 2)).containsExactly(24, twice.length());
    assertThat(ReaderGenerator.locate(twice, "paris", 1)).containsExactly(0, 23);
    assertThat(ReaderGenerator.locate(twice, "paris", 3)).isNull();
  }
}
