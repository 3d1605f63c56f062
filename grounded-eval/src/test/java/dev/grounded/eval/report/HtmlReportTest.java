package dev.grounded.eval.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grounded.eval.answer.AnswerMetric;
import dev.grounded.eval.answer.AnswerReport;
import dev.grounded.eval.answer.ItemResult;
import dev.grounded.eval.answer.QaItem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
  static ItemResult result(
      String id, String question, boolean answerable, boolean abstained, String answer, double f1) {
    QaItem item =
        new QaItem(id, question, answerable ? List.of("Rollo") : List.of(), List.of(), answerable);
    Map<String, Double> scores =
        answerable
            ? Map.of(
                AnswerMetric.F1,
                f1,
                AnswerMetric.GOLD_IN_ANSWER,
                f1 > 0.5 ? 1.0 : 0.0,
                AnswerMetric.ANSWER_RATE,
                abstained ? 0.0 : 1.0)
            : Map.of(
                AnswerMetric.F1,
                abstained ? 1.0 : 0.0,
                AnswerMetric.ABSTENTION_ACCURACY,
                abstained ? 1.0 : 0.0);
    List<ItemResult.ClaimResult> claims =
        abstained
            ? List.of()
            : List.of(new ItemResult.ClaimResult(answer, List.of("Normans#1"), true, true));
    return new ItemResult(
        item, abstained ? "" : answer, abstained, claims, List.of("Normans#1"), scores);
  }

  @Test
  void rendersMetricsChartsAndTheWorstItemsEscapedAndSelfContained() {
    AnswerReport report =
        AnswerReport.of(
            "squad <dev>",
            Map.of("k", 5),
            List.of(
                result("1", "Who led the Normans?", true, false, "Rollo led them.", 1.0),
                result(
                    "2",
                    "Who was the <script>alert(1)</script> king?",
                    true,
                    false,
                    "The Normans & the Franks fought.",
                    0.0),
                result("3", "Who ruined Normandy?", false, false, "Rollo ruined it.", 0.0),
                result("4", "Who ruled Mars?", false, true, "", 1.0)));
    String html = HtmlReport.of(report);
    assertThat(html).startsWith("<!doctype html>").endsWith("</html>\n");
    assertThat(html)
        .contains("squad &lt;dev&gt;")
        .contains("&lt;script&gt;")
        .doesNotContain("<script>");
    assertThat(html).contains("The Normans &amp; the Franks fought.");
    // one bar per metric, and the two histograms
    for (String m : report.intervals().keySet()) assertThat(html).contains(">" + m + "</text>");
    assertThat(html).contains("SQuAD F1 of 2 items");
    // worst items: the answerable miss and the answered unanswerable question, not the others
    assertThat(html)
        .contains("Who was the &lt;script&gt;")
        .contains("Who ruined Normandy?")
        .doesNotContain("Who ruled Mars?")
        .doesNotContain("Who led the Normans?");
    // self-contained: no scripts, no external resources
    assertThat(html).doesNotContainPattern("(?i)<script|src=|href=|@import|url\\(");

    // with confidences, the selective-answering table
    QaItem yes = new QaItem("a", "q?", List.of("x"), List.of(), true);
    QaItem no = new QaItem("b", "q?", List.of(), List.of(), false);
    String withConfidence =
        HtmlReport.of(
            AnswerReport.of(
                "d",
                Map.of(),
                List.of(
                    new ItemResult(yes, "x", false, List.of(), List.of(), Map.of(), 0.9),
                    new ItemResult(no, "y", false, List.of(), List.of(), Map.of(), 0.4))));
    assertThat(withConfidence)
        .contains("<h2>Selective answering</h2>")
        .contains("abstention_auroc 1.0000")
        .contains("<td class=n>0.9000</td><td class=n>1.0000</td><td class=n>1.0000</td>");
  }
}
