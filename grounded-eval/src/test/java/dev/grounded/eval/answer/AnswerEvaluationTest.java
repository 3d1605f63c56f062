package dev.grounded.eval.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.grounded.answer.Asker;
import dev.grounded.answer.LexicalSupport;
import dev.grounded.core.Answer;
import dev.grounded.core.Chunk;
import dev.grounded.core.Citation;
import dev.grounded.core.Hit;
import dev.grounded.core.Location;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class AnswerEvaluationTest {
  static final Chunk NORMANDY =
      chunk(
          "Normans#0",
          "The Normans gave their name to Normandy, a region in France. They descended from Norse raiders.");
  static final Chunk ROLLO =
      chunk(
          "Normans#1",
          "Rollo was the Norse leader who agreed to swear fealty to King Charles III.");
  static final Chunk ENGINES =
      chunk("Steam#0", "Steam engines were used to pump water out of mines in the 18th century.");

  static Chunk chunk(String doc, String text) {
    return new Chunk(doc, doc, 0, text, new Location(0, List.of(), 0, text.length()));
  }

  static Citation cite(int n, Chunk c, String quote) {
    int start = c.text().indexOf(quote);
    return new Citation(n, c, quote, start, start + quote.length(), 0.8);
  }

  private final AnswerEvaluation eval =
      new AnswerEvaluation(q -> null, new LexicalSupport(), Executors.newSingleThreadExecutor(), 1);

  @Test
  void aQuotedAnswerIsFaithfulAndItsCitationsPrecise() {
    QaItem item =
        new QaItem(
            "q1",
            "In what country is Normandy located?",
            List.of("France"),
            List.of("Normans#0"),
            true);
    String quote = "The Normans gave their name to Normandy, a region in France.";
    Answer a = new Answer(quote + " [1]", false, List.of(cite(1, NORMANDY, quote)));
    ItemResult r =
        eval.score(item, new Asker.Asked(a, List.of(new Hit(NORMANDY, 1), new Hit(ENGINES, 0.5))));
    Map<String, Double> s = r.scores();
    assertThat(s.get(AnswerMetric.FAITHFULNESS)).isEqualTo(1.0);
    assertThat(s.get(AnswerMetric.CITATION_PRECISION)).isEqualTo(1.0);
    assertThat(s.get(AnswerMetric.CITATION_RECALL)).isEqualTo(1.0);
    assertThat(s.get(AnswerMetric.HALLUCINATION_RATE)).isEqualTo(0.0);
    assertThat(s.get(AnswerMetric.RETRIEVAL_RECALL)).isEqualTo(1.0);
    assertThat(s.get(AnswerMetric.GOLD_IN_ANSWER)).isEqualTo(1.0);
    assertThat(s.get(AnswerMetric.ANSWER_RATE)).isEqualTo(1.0);
    assertThat(s.get(AnswerMetric.EXACT_MATCH)).isEqualTo(0.0);
    assertThat(s).doesNotContainKey(AnswerMetric.ABSTENTION_ACCURACY);
    assertThat(r.confidence()).as("the best citation's score").isEqualTo(0.8);
  }

  @Test
  void aMadeUpSentenceAndAWrongCitationAreCaught() {
    QaItem item =
        new QaItem("q2", "Who was the Norse leader?", List.of("Rollo"), List.of("Normans#1"), true);
    // sentence 1: supported by its citation; sentence 2: cites the steam chunk for a claim about
    // Rollo (wrong citation, but the Rollo chunk was retrieved); sentence 3: made up, cited
    // nowhere that supports it and supported by no retrieved chunk.
    String s1 = "Rollo was the Norse leader who agreed to swear fealty to King Charles III.";
    String s2 = "Rollo swore fealty to King Charles III.";
    String s3 = "Rollo conquered Sicily in 1091.";
    Answer a =
        new Answer(
            s1 + " [1] " + s2 + " [2] " + s3 + " [2]",
            false,
            List.of(cite(1, ROLLO, s1), cite(2, ENGINES, "Steam engines were used")));
    ItemResult r =
        eval.score(item, new Asker.Asked(a, List.of(new Hit(ROLLO, 1), new Hit(ENGINES, 0.5))));
    Map<String, Double> s = r.scores();
    assertThat(s.get(AnswerMetric.FAITHFULNESS)).isCloseTo(1 / 3.0, within(1e-12));
    assertThat(s.get(AnswerMetric.UNSUPPORTED_RATE)).isCloseTo(2 / 3.0, within(1e-12));
    assertThat(s.get(AnswerMetric.CITATION_PRECISION)).isCloseTo(1 / 3.0, within(1e-12));
    assertThat(s.get(AnswerMetric.HALLUCINATION_RATE)).isCloseTo(1 / 3.0, within(1e-12));
    assertThat(r.claims())
        .extracting(ItemResult.ClaimResult::supported)
        .containsExactly(true, false, false);
    assertThat(r.claims())
        .extracting(ItemResult.ClaimResult::supportedByContext)
        .containsExactly(true, true, false);
  }

  @Test
  void whatTheVerifierDroppedFromTheDraftIsCounted() {
    QaItem item =
        new QaItem("q3", "Who was the Norse leader?", List.of("Rollo"), List.of("Normans#1"), true);
    String s1 = "Rollo was the Norse leader who agreed to swear fealty to King Charles III.";
    String s2 = "Rollo conquered Sicily in 1091.";
    String s3 = "Rollo was born in Norway.";
    Answer draft =
        new Answer(
            s1 + " [1] " + s2 + " [2] " + s3 + " [3]",
            false,
            List.of(cite(1, ROLLO, s1), cite(2, ROLLO, s1), cite(3, ROLLO, s1)));
    Answer verified = new Answer(s1 + " [1]", false, List.of(cite(1, ROLLO, s1)));
    List<Hit> context = List.of(new Hit(ROLLO, 1));
    ItemResult r = eval.score(item, new Asker.Asked(verified, context, draft));
    assertThat(r.scores().get(AnswerMetric.VERIFIER_DROP_RATE)).isCloseTo(2 / 3.0, within(1e-12));
    assertThat(r.scores().get(AnswerMetric.FAITHFULNESS)).isEqualTo(1.0);
    ItemResult all = eval.score(item, new Asker.Asked(Answer.abstain(), context, draft));
    assertThat(all.scores().get(AnswerMetric.VERIFIER_DROP_RATE)).isEqualTo(1.0);
    assertThat(all.abstained()).isTrue();
    ItemResult kept = eval.score(item, new Asker.Asked(verified, context));
    assertThat(kept.scores().get(AnswerMetric.VERIFIER_DROP_RATE)).isEqualTo(0.0);
    ItemResult none = eval.score(item, new Asker.Asked(Answer.abstain(), context));
    assertThat(none.scores()).doesNotContainKey(AnswerMetric.VERIFIER_DROP_RATE);
  }

  @Test
  void abstainingIsRightOnAnUnanswerableQuestionAndWrongOnAnAnswerableOne() {
    QaItem impossible =
        new QaItem(
            "q3", "Who ruined Normandy in the 1000s?", List.of(), List.of("Normans#0"), false);
    ItemResult r =
        eval.score(impossible, new Asker.Asked(Answer.abstain(), List.of(new Hit(NORMANDY, 1))));
    assertThat(r.scores())
        .containsEntry(AnswerMetric.ABSTENTION_ACCURACY, 1.0)
        .containsEntry(AnswerMetric.EXACT_MATCH, 1.0)
        .containsEntry(AnswerMetric.F1, 1.0)
        .doesNotContainKeys(
            AnswerMetric.FAITHFULNESS, AnswerMetric.ANSWER_RATE, AnswerMetric.ROUGE_L);
    assertThat(r.prediction()).isEmpty();

    QaItem answerable =
        new QaItem("q4", "Who was the Norse leader?", List.of("Rollo"), List.of("Normans#1"), true);
    ItemResult missed =
        eval.score(answerable, new Asker.Asked(Answer.abstain(), List.of(new Hit(ROLLO, 1))));
    assertThat(missed.scores())
        .containsEntry(AnswerMetric.ANSWER_RATE, 0.0)
        .containsEntry(AnswerMetric.F1, 0.0)
        .containsEntry(AnswerMetric.RETRIEVAL_RECALL, 1.0);
  }

  @Test
  void theReportAveragesEachMetricOverTheItemsItAppliesTo() {
    QaItem a =
        new QaItem("a", "Who was the Norse leader?", List.of("Rollo"), List.of("Normans#1"), true);
    QaItem b = new QaItem("b", "Who ruined Normandy?", List.of(), List.of(), false);
    String quote = "Rollo was the Norse leader who agreed to swear fealty to King Charles III.";
    List<ItemResult> results =
        List.of(
            eval.score(
                a,
                new Asker.Asked(
                    new Answer(quote + " [1]", false, List.of(cite(1, ROLLO, quote))),
                    List.of(new Hit(ROLLO, 1)))),
            eval.score(
                b,
                new Asker.Asked(
                    new Answer(quote + " [1]", false, List.of(cite(1, ROLLO, quote))),
                    List.of(new Hit(ROLLO, 1)))));
    AnswerReport report = AnswerReport.of("tiny", Map.of("k", 5), results);
    assertThat(report.counts())
        .containsEntry(AnswerMetric.ANSWER_RATE, 1)
        .containsEntry(AnswerMetric.ABSTENTION_ACCURACY, 1)
        .containsEntry(AnswerMetric.FAITHFULNESS, 2);
    assertThat(report.mean(AnswerMetric.ABSTENTION_ACCURACY)).isEqualTo(0.0);
    assertThat(report.mean(AnswerMetric.GOLD_IN_ANSWER)).isEqualTo(1.0);
    assertThat(report.toMap())
        .containsEntry("schema", "grounded-eval/1")
        .containsEntry("kind", "answers")
        .containsKeys("metrics", "intervals", "items", "lower_is_better");
    assertThat(report.table()).contains("faithfulness").contains("bleu");
  }
}
