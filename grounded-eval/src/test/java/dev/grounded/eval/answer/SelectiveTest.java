package dev.grounded.eval.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SelectiveTest {
  static ItemResult item(boolean answerable, double confidence) {
    boolean abstained = Double.isNaN(confidence);
    QaItem q = new QaItem("q", "?", answerable ? List.of("a") : List.of(), List.of(), answerable);
    return new ItemResult(
        q, abstained ? "" : "a", abstained, List.of(), List.of(), Map.of(), confidence);
  }

  @Test
  void aurocAndOperatingPointsMatchAHandCount() {
    List<ItemResult> items = new ArrayList<>();
    for (double c : new double[] {0.9, 0.8, 0.7, Double.NaN, 0.6}) items.add(item(true, c));
    for (double c : new double[] {0.85, 0.5, Double.NaN, Double.NaN}) items.add(item(false, c));
    Selective s = Selective.of(items);
    // pairs (answerable, unanswerable) ordered right: 1 (two ties at -inf, half each) + 3 + 3 + 3 +
    // 4 = 14 of 20
    assertThat(s.auroc()).isCloseTo(0.7, within(1e-12));
    // 0.9 of the answerable cannot be reached (one abstained); 0.8 and 0.7 need threshold 0.6,
    // 0.6 and 0.5 need 0.7
    assertThat(s.points())
        .containsExactly(new Selective.Point(0.6, 0.8, 0.75), new Selective.Point(0.7, 0.6, 0.75));
  }

  @Test
  void perfectSeparationAndMissingKinds() {
    List<ItemResult> items =
        List.of(item(true, 0.9), item(true, 0.8), item(false, 0.3), item(false, Double.NaN));
    Selective s = Selective.of(items);
    assertThat(s.auroc()).isEqualTo(1.0);
    assertThat(s.points().getFirst()).isEqualTo(new Selective.Point(0.8, 1.0, 1.0));
    assertThat(Selective.of(List.of(item(true, 0.9))).auroc()).isNaN();
    assertThat(AnswerReport.of("d", Map.of(), items).metrics())
        .containsEntry(AnswerMetric.ABSTENTION_AUROC, 1.0);
  }
}
