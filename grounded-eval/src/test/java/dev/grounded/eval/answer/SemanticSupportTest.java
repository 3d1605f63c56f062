package dev.grounded.eval.answer;

import static dev.grounded.eval.answer.LexicalSupportTest.confusion;
import static org.assertj.core.api.Assertions.assertThat;

import dev.grounded.answer.LexicalSupport;
import dev.grounded.answer.SemanticSupport;
import dev.grounded.embed.OnnxEmbedder;
import dev.grounded.eval.answer.LexicalSupportTest.Confusion;
import dev.grounded.eval.answer.LexicalSupportTest.Pair;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Validates the paraphrase-aware support checker against the lexical one on the same labelled
 * pairs. Its thresholds (cosine 0.9, overlap 0.3) were looked at on STS-B train; STS-B dev, the
 * SQuAD-derived pairs and the hand-labelled cases are held out. Each prints its confusion counts.
 */
class SemanticSupportTest {
  static OnnxEmbedder embedder;
  static SemanticSupport semantic;
  static final LexicalSupport LEXICAL = new LexicalSupport();

  @BeforeAll
  static void load() {
    embedder = OnnxEmbedder.bgeSmallEnV15Q(2);
    semantic = new SemanticSupport(embedder);
  }

  @AfterAll
  static void close() {
    embedder.close();
  }

  @Test
  void handLabelledCasesStillRejectChangedFactsAndNegationsAndNowAcceptTheParaphrase() {
    Confusion c = confusion(semantic, LexicalSupportTest.handLabelled());
    System.out.println("SemanticSupport, hand-labelled: " + c);
    assertThat(c.fp()).as("nothing unsupported passes: " + c).isZero();
    assertThat(c.fn()).as(c.toString()).isLessThanOrEqualTo(1);
  }

  @Test
  void onStsBenchmarkDevItFindsFarMoreParaphrasesAtTheSamePrecision() throws Exception {
    // near-paraphrases (>= 4.5) against pairs that share a topic or words but not the meaning
    // (<= 2.5): harder negatives than the lexical test's
    List<Pair> pairs = LexicalSupportTest.stsb("sts-dev.csv", 2.5);
    Confusion lex = confusion(LEXICAL, pairs), sem = confusion(semantic, pairs);
    System.out.println("STS-B dev (>= 4.5 vs <= 2.5), LexicalSupport: " + lex);
    System.out.println("STS-B dev (>= 4.5 vs <= 2.5), SemanticSupport: " + sem);
    assertThat(sem.recall()).as(sem + " vs " + lex).isGreaterThanOrEqualTo(lex.recall() + 0.2);
    assertThat(sem.precision())
        .as(sem + " vs " + lex)
        .isGreaterThanOrEqualTo(lex.precision() - 0.02);
  }

  @Test
  void squadDerivedPairsStayAlmostPerfect() throws Exception {
    List<Pair> pairs = LexicalSupportTest.squadDerived();
    Confusion c = confusion(semantic, pairs);
    System.out.println("SemanticSupport, SQuAD-derived: " + c);
    assertThat(c.precision()).as(c.toString()).isGreaterThanOrEqualTo(0.97);
    assertThat(c.recall()).as(c.toString()).isGreaterThanOrEqualTo(0.97);
  }
}
