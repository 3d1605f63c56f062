package dev.grounded.eval.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class RetrievalReportTest {
  private static final Offset<Double> EXACT = within(1e-9);

  // A three-query mini run, scored by hand with trec_eval's definitions (as pytrec_eval would,
  // averaged over all
  // judged queries as trec_eval -c does).
  //   q1: run [d1 d2 d3 d4 d5], qrels {d2:1, d5:2, d8:1}   (R = 3; hits at ranks 2 and 5)
  //   q2: run [x2 x1 x3],       qrels {x1:2, x3:1, x9:0}   (R = 2; hits at ranks 2 and 3; x9 is
  // judged not relevant)
  //   q3: not in the run,       qrels {y1:1}               (scores 0 everywhere)
  //   qX: in the run but judged nowhere: ignored
  private static final Map<String, Map<String, Integer>> QRELS = new LinkedHashMap<>();

  static {
    QRELS.put("q1", Map.of("d2", 1, "d5", 2, "d8", 1));
    QRELS.put("q2", Map.of("x1", 2, "x3", 1, "x9", 0));
    QRELS.put("q3", Map.of("y1", 1));
  }

  private static final Map<String, List<String>> RUN =
      Map.of(
          "q1", List.of("d1", "d2", "d3", "d4", "d5"),
          "q2", List.of("x2", "x1", "x3"),
          "qX", List.of("d1"));
  private static final List<Metric> METRICS =
      Stream.of("ndcg@3", "ndcg@10", "recall@100", "mrr@10", "precision@5", "map@100")
          .map(Metric::parse)
          .toList();

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  @Test
  void meansOverAMiniRunMatchTrecEvalValuesWorkedOutByHand() {
    RetrievalReport report = RetrievalReport.evaluate(QRELS, RUN, METRICS);

    // ndcg@3:  q1 = (1/log2 3) / (2 + 1/log2 3 + 1/log2 4) = 0.6309297535714575 /
    // 3.1309297535714578 = 0.2015151419
    //          q2 = (2/log2 3 + 1/log2 4) / (2 + 1/log2 3) = 1.7618595071429148 /
    // 2.6309297535714578 = 0.6696718165
    //          q3 = 0; mean = 0.8711869584 / 3 = 0.2903956528
    double q1Ndcg3 = (1 / log2(3)) / (2 + 1 / log2(3) + 1 / log2(4));
    double q2Ndcg = (2 / log2(3) + 1 / log2(4)) / (2 + 1 / log2(3));
    assertThat(report.mean("ndcg@3"))
        .isCloseTo((q1Ndcg3 + q2Ndcg) / 3, EXACT)
        .isCloseTo(0.29039565279824414, EXACT);
    // ndcg@10: q1 = (1/log2 3 + 2/log2 6) / 3.1309297535714578
    //             = (0.6309297535714575 + 0.7737056144690833) / 3.1309297535714578 = 0.4486320290
    //          mean = (0.4486320290 + 0.6696718165 + 0) / 3 = 0.3727679485
    double q1Ndcg10 = (1 / log2(3) + 2 / log2(6)) / (2 + 1 / log2(3) + 1 / log2(4));
    assertThat(report.mean("ndcg@10"))
        .isCloseTo((q1Ndcg10 + q2Ndcg) / 3, EXACT)
        .isCloseTo(0.3727679485022615, EXACT);
    // recall@100: q1 = 2/3, q2 = 2/2, q3 = 0 -> (2/3 + 1) / 3 = 5/9
    assertThat(report.mean("recall@100")).isCloseTo(5.0 / 9, EXACT);
    // mrr@10: q1 = 1/2, q2 = 1/2, q3 = 0 -> 1/3
    assertThat(report.mean("mrr@10")).isCloseTo(1.0 / 3, EXACT);
    // precision@5: q1 = 2/5, q2 = 2/5 (3 retrieved, still over 5), q3 = 0 -> 0.8 / 3
    assertThat(report.mean("precision@5")).isCloseTo(0.8 / 3, EXACT);
    // map@100: q1 = (1/2 + 2/5) / 3 = 0.3, q2 = (1/2 + 2/3) / 2 = 0.5833333333, q3 = 0 ->
    // 0.8833333333 / 3
    assertThat(report.mean("map@100"))
        .isCloseTo((0.3 + 7.0 / 12) / 3, EXACT)
        .isCloseTo(0.29444444444444445, EXACT);
  }

  @Test
  void perQueryValuesCoverEveryJudgedQueryInQrelsOrderAndNothingElse() {
    RetrievalReport report = RetrievalReport.evaluate(QRELS, RUN, METRICS);

    assertThat(report.perQuery().keySet()).containsExactly("q1", "q2", "q3");
    assertThat(report.queryCount()).isEqualTo(3);
    assertThat(report.metricNames())
        .containsExactly("ndcg@3", "ndcg@10", "recall@100", "mrr@10", "precision@5", "map@100");
    assertThat(report.perQuery().get("q2").get("recall@100")).isCloseTo(1.0, EXACT);
    assertThat(report.perQuery().get("q3").values())
        .allSatisfy(value -> assertThat(value).isZero());
  }

  @Test
  void jacksonWritesAReportAsItsMeansInMetricOrder() throws Exception {
    Map<String, Map<String, Integer>> qrels = Map.of("q", Map.of("a", 1));
    RetrievalReport report = RetrievalReport.evaluate(qrels, Map.of("q", List.of("a")));

    String json = new ObjectMapper().writeValueAsString(report);

    assertThat(json).isEqualTo("{\"ndcg@10\":1.0,\"recall@100\":1.0,\"mrr@10\":1.0}");
  }

  @Test
  void theTablePutsMetricsInRowsAndModesInAlignedColumnsToFourDecimals() {
    Map<String, RetrievalReport> byMode = new LinkedHashMap<>();
    byMode.put("bm25", RetrievalReport.evaluate(QRELS, RUN));
    byMode.put("perfect", RetrievalReport.evaluate(QRELS, Map.of("q1", List.of("d5", "d2", "d8"))));

    String table = ReportTable.table(byMode);

    assertThat(table)
        .isEqualTo(
            String.join(
                "\n",
                "metric      bm25    perfect",
                "ndcg@10     0.3728  0.3333",
                "recall@100  0.5556  0.3333",
                "mrr@10      0.3333  0.3333",
                "queries     3       3",
                ""));
  }

  @Test
  void metricNamesParseCaseInsensitivelyAndPrintCanonically() {
    assertThat(Metric.parse("NDCG@10")).isEqualTo(new Metric(Measure.NDCG, 10));
    assertThat(Metric.parse(" recall@100 ").name()).isEqualTo("recall@100");
    assertThat(Metric.DEFAULTS)
        .extracting(Metric::name)
        .containsExactly("ndcg@10", "recall@100", "mrr@10");
  }

  @Test
  void anUnknownMeasureOrBadCutOffIsAnInvalidRequestListingTheChoices() {
    for (String bad : List.of("bleu@10", "ndcg", "ndcg@", "ndcg@0", "ndcg@ten", "@10")) {
      assertThatThrownBy(() -> Metric.parse(bad))
          .as(bad)
          .isInstanceOf(GroundedException.class)
          .hasMessageContaining("'" + bad + "'")
          .hasMessageContaining("ndcg, recall, mrr, precision, map")
          .satisfies(
              e -> assertThat(((GroundedException) e).code()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }
  }

  @Test
  void qrelsWithoutAnyJudgedQueryCannotBeEvaluated() {
    assertThatThrownBy(() -> RetrievalReport.evaluate(Map.of(), RUN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
