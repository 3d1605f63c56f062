package dev.grounded.eval.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grounded.core.GroundedException;
import dev.grounded.eval.gate.Gate.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateTest {
  @TempDir Path dir;

  private static Report report(Map<String, Double> metrics, String... lowerIsBetter) {
    return new Report("test", metrics, Set.of(lowerIsBetter));
  }

  private static Status status(Gate.Result r, String metric) {
    return r.rows().stream()
        .filter(x -> x.metric().equals(metric))
        .findFirst()
        .orElseThrow()
        .status();
  }

  @Test
  void aDropBeyondItsToleranceFailsAndOneWithinPasses() {
    Report base = report(Map.of("ndcg@10", 0.70, "faithfulness", 0.95));
    Report cur = report(Map.of("ndcg@10", 0.685, "faithfulness", 0.94));
    Gate.Result r =
        Gate.check(
            base,
            cur,
            Tolerance.parseList("ndcg@10=0.01,faithfulness=0.02", "m"),
            Optional.empty());
    assertThat(status(r, "ndcg@10")).isEqualTo(Status.FAIL);
    assertThat(status(r, "faithfulness")).isEqualTo(Status.PASS);
    assertThat(r.passed()).isFalse();
    assertThat(r.table()).contains("gate FAILED").contains("ndcg@10");
  }

  @Test
  void aDropOfExactlyTheToleranceAndAnyImprovementPass() {
    Report base = report(Map.of("f1", 0.50, "em", 0.40));
    Report cur = report(Map.of("f1", 0.49, "em", 0.90));
    Gate.Result r =
        Gate.check(base, cur, Tolerance.parseList("f1=0.01,em=0", "m"), Optional.empty());
    assertThat(r.passed()).isTrue();
    assertThat(r.table()).contains("gate passed");
  }

  @Test
  void lowerIsBetterMetricsRegressWhenTheyRise() {
    Report base = report(Map.of("unsupported_rate", 0.01), "unsupported_rate");
    Report cur = report(Map.of("unsupported_rate", 0.05), "unsupported_rate");
    Gate.Result r =
        Gate.check(base, cur, Tolerance.parseList("unsupported_rate=0.02", "m"), Optional.empty());
    assertThat(status(r, "unsupported_rate")).isEqualTo(Status.FAIL);
    assertThat(r.rows().getFirst().change())
        .isCloseTo(-0.04, org.assertj.core.api.Assertions.within(1e-12));
  }

  @Test
  void relativeTolerancesScaleWithTheBaseline() {
    Report base = report(Map.of("recall@5", 0.80));
    // 2% of 0.80 = 0.016: a drop to 0.785 (0.015) passes, to 0.78 (0.02) fails
    assertThat(
            Gate.check(
                    base,
                    report(Map.of("recall@5", 0.785)),
                    Tolerance.parseList("recall@5=2%", "m"),
                    Optional.empty())
                .passed())
        .isTrue();
    assertThat(
            Gate.check(
                    base,
                    report(Map.of("recall@5", 0.78)),
                    Tolerance.parseList("recall@5=2%", "m"),
                    Optional.empty())
                .passed())
        .isFalse();
  }

  @Test
  void aShortNameGatesTheMetricInEveryModeAndAMissingGatedMetricFails() {
    Report base =
        report(Map.of("bm25.ndcg@10", 0.66, "hybrid.ndcg@10", 0.72, "hybrid.mrr@10", 0.7));
    Report cur = report(Map.of("bm25.ndcg@10", 0.60, "hybrid.mrr@10", 0.1));
    Gate.Result r =
        Gate.check(base, cur, Tolerance.parseList("ndcg@10=0.01", "m"), Optional.empty());
    assertThat(status(r, "bm25.ndcg@10")).isEqualTo(Status.FAIL);
    assertThat(status(r, "hybrid.ndcg@10")).isEqualTo(Status.MISSING);
    // not named and no default tolerance: shown, not gated
    assertThat(status(r, "hybrid.mrr@10")).isEqualTo(Status.NOT_GATED);
    // with a default tolerance every shared metric is gated
    Gate.Result all =
        Gate.check(base, cur, Tolerance.parseList("ndcg@10=0.01", "m"), Optional.of(0.05));
    assertThat(status(all, "hybrid.mrr@10")).isEqualTo(Status.FAIL);
  }

  @Test
  void aToleranceForAnUnknownMetricIsAnErrorNotASilentPass() {
    Report base = report(Map.of("ndcg@10", 0.7));
    assertThatThrownBy(
            () ->
                Gate.check(
                    base, base, Tolerance.parseList("ndgc@10=0.01", "max-drop"), Optional.empty()))
        .isInstanceOf(GroundedException.class)
        .hasMessageContaining("ndgc@10")
        .hasMessageContaining("ndcg@10");
  }

  @Test
  void reportsOfDifferentDataSetVersionsAreComparedWithANote() {
    Report a = new Report("a", Map.of("f1", 0.5), Set.of(), Map.of(), "sha256:aaaaaaaaaaaa");
    Report b = new Report("b", Map.of("f1", 0.5), Set.of(), Map.of(), "sha256:bbbbbbbbbbbb");
    var tolerances = Tolerance.parseList("f1=0.01", "m");
    assertThat(Gate.check(a, b, tolerances, Optional.empty()).table())
        .contains("note: the reports come from different versions of the data set");
    assertThat(Gate.check(a, a, tolerances, Optional.empty()).notes()).isEmpty();
  }

  @Test
  void theReportSchemaAcceptsTheEnvelopeAndRejectsBrokenReports() throws Exception {
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    assertThat(
            ReportSchema.violations(
                mapper.readTree(
                    "{\"schema\":\"grounded-eval/1\",\"kind\":\"answers\",\"metrics\":{\"f1\":0.5},"
                        + "\"lower_is_better\":[\"x\"],\"judges\":{\"judge.h\":{\"rubric\":\"h\",\"model\":\"m\",\"calibration\":null}}}")))
        .isEmpty();
    for (String bad :
        List.of(
            "{\"schema\":\"grounded-eval/2\",\"kind\":\"answers\",\"metrics\":{}}",
            "{\"schema\":\"grounded-eval/1\",\"kind\":\"answers\",\"metrics\":{\"f1\":\"high\"}}",
            "{\"schema\":\"grounded-eval/1\",\"kind\":\"poetry\",\"metrics\":{}}",
            "{\"schema\":\"grounded-eval/1\",\"metrics\":{}}"))
      assertThat(ReportSchema.violations(mapper.readTree(bad))).as(bad).isNotEmpty();
  }

  @Test
  void malformedTolerancesAreRefused() {
    for (String bad : List.of("ndcg@10", "ndcg@10=", "=0.1", "ndcg@10=abc", "ndcg@10=-0.1", " , "))
      assertThatThrownBy(() -> Tolerance.parseList(bad, "max-drop"))
          .as(bad)
          .isInstanceOf(GroundedException.class);
  }

  @Test
  void readsMetricsReportsAndRetrievalReportsByMode() throws Exception {
    Path answers = dir.resolve("answers.json");
    Files.writeString(
        answers,
        """
        {"schema":"grounded-eval/1","kind":"answers",
         "metrics":{"f1":0.61,"unsupported_rate":0.01,"label":"x"},
         "lower_is_better":["unsupported_rate"]}
        """);
    Report a = ReportFile.read(answers, "baseline");
    assertThat(a.metrics()).containsOnlyKeys("f1", "unsupported_rate");
    assertThat(a.lowerIsBetter("unsupported_rate")).isTrue();

    Path retrieval = dir.resolve("retrieval.json");
    Files.writeString(
        retrieval,
        """
        {"modes":{"bm25":{"ndcg@10":0.66},"hybrid":{"ndcg@10":0.72}},"queries":300}
        """);
    assertThat(ReportFile.read(retrieval, "baseline").metrics())
        .containsOnlyKeys("bm25.ndcg@10", "hybrid.ndcg@10");
  }

  @Test
  void unreadableReportsAreClearErrors() throws Exception {
    assertThatThrownBy(() -> ReportFile.read(dir.resolve("nope.json"), "baseline"))
        .isInstanceOf(GroundedException.class)
        .hasMessageContaining("no such file");
    Path bad = Files.writeString(dir.resolve("bad.json"), "{not json");
    assertThatThrownBy(() -> ReportFile.read(bad, "current"))
        .isInstanceOf(GroundedException.class)
        .hasMessageContaining("not a readable JSON report");
    Path empty = Files.writeString(dir.resolve("empty.json"), "{\"metrics\":{}}");
    assertThatThrownBy(() -> ReportFile.read(empty, "current"))
        .isInstanceOf(GroundedException.class)
        .hasMessageContaining("no metrics");
  }
}
