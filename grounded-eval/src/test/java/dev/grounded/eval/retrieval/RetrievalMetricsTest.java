package dev.grounded.eval.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class RetrievalMetricsTest {
  private static final Offset<Double> EXACT = within(1e-9);

  // Ranking [d3, d1, d7, d2]; judged relevant: d1 (1), d2 (2), d9 (1, never retrieved). R = 3.
  private static final List<String> RANKING = List.of("d3", "d1", "d7", "d2");
  private static final Map<String, Integer> QRELS = Map.of("d1", 1, "d2", 2, "d9", 1);

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  @Test
  void ndcgAtThreeDividesTheOneRelevantHitByTheIdealOfAllJudgements() {
    // DCG@3  = 0/log2(2) + 1/log2(3) + 0/log2(4) = 0.6309297535714575
    // IDCG@3 = ideal gains [2, 1, 1]: 2/log2(2) + 1/log2(3) + 1/log2(4)
    //        = 2 + 0.6309297535714575 + 0.5 = 3.1309297535714578
    // nDCG@3 = 0.6309297535714575 / 3.1309297535714578 = 0.20151514190050246
    double expected = (1 / log2(3)) / (2 + 1 / log2(3) + 1 / log2(4));
    assertThat(RetrievalMetrics.ndcg(RANKING, QRELS, 3))
        .isCloseTo(expected, EXACT)
        .isCloseTo(0.20151514190050246, EXACT);
  }

  @Test
  void ndcgAtTenAddsTheGradedHitAtRankFour() {
    // DCG@10  = 1/log2(3) + 2/log2(5) = 0.6309297535714575 + 0.8613531161467861 =
    // 1.4922828697182436
    // IDCG@10 = 3.1309297535714578 (only three relevant judgements, so the same as at 3)
    // nDCG@10 = 1.4922828697182436 / 3.1309297535714578 = 0.47662611018851303
    double expected = (1 / log2(3) + 2 / log2(5)) / (2 + 1 / log2(3) + 1 / log2(4));
    assertThat(RetrievalMetrics.ndcg(RANKING, QRELS, 10))
        .isCloseTo(expected, EXACT)
        .isCloseTo(0.47662611018851303, EXACT);
  }

  @Test
  void recallCountsRelevantDocumentsInTheTopKOverAllRelevantOnes() {
    // top 2 = [d3, d1]: 1 of 3 relevant; top 100 = all four: d1 and d2, 2 of 3 (d9 never retrieved)
    assertThat(RetrievalMetrics.recall(RANKING, QRELS, 2)).isCloseTo(1.0 / 3, EXACT);
    assertThat(RetrievalMetrics.recall(RANKING, QRELS, 100)).isCloseTo(2.0 / 3, EXACT);
  }

  @Test
  void mrrIsTheReciprocalRankOfTheFirstRelevantDocumentWithinK() {
    // first relevant is d1 at rank 2: 1/2; with k = 1 only d3 is seen: 0
    assertThat(RetrievalMetrics.mrr(RANKING, QRELS, 10)).isCloseTo(0.5, EXACT);
    assertThat(RetrievalMetrics.mrr(RANKING, QRELS, 1)).isZero();
  }

  @Test
  void precisionDividesByKEvenWhenTheRankingIsShorter() {
    // top 3: d1 only -> 1/3; top 10: d1, d2 over 10 (not over 4) -> 0.2
    assertThat(RetrievalMetrics.precision(RANKING, QRELS, 3)).isCloseTo(1.0 / 3, EXACT);
    assertThat(RetrievalMetrics.precision(RANKING, QRELS, 10)).isCloseTo(0.2, EXACT);
  }

  @Test
  void averagePrecisionSumsPrecisionAtEachRelevantRankOverAllRelevant() {
    // relevant at rank 2 (P = 1/2) and rank 4 (P = 2/4); (0.5 + 0.5) / R=3 = 1/3; cut at 3: 0.5 / 3
    assertThat(RetrievalMetrics.averagePrecision(RANKING, QRELS, 10)).isCloseTo(1.0 / 3, EXACT);
    assertThat(RetrievalMetrics.averagePrecision(RANKING, QRELS, 3)).isCloseTo(0.5 / 3, EXACT);
  }

  @Test
  void gradedRelevanceRewardsPuttingTheMostRelevantFirst() {
    // ranking [a, b, c] with a=1, b=3, c=2
    // DCG  = 1/1 + 3/log2(3) + 2/log2(4) = 1 + 1.8927892607143724 + 1 = 3.8927892607143724
    // IDCG = 3/1 + 2/log2(3) + 1/log2(4) = 3 + 1.2618595071429148 + 0.5 = 4.761859507142915
    // nDCG = 0.8174935137996165
    Map<String, Integer> graded = Map.of("a", 1, "b", 3, "c", 2);
    double expected = (1 + 3 / log2(3) + 2 / log2(4)) / (3 + 2 / log2(3) + 1 / log2(4));
    assertThat(RetrievalMetrics.ndcg(List.of("a", "b", "c"), graded, 3))
        .isCloseTo(expected, EXACT)
        .isCloseTo(0.8174935137996165, EXACT);
    assertThat(RetrievalMetrics.ndcg(List.of("b", "c", "a"), graded, 3)).isCloseTo(1.0, EXACT);
  }

  @Test
  void aRankingWithNoRelevantDocumentScoresZeroOnEveryMeasure() {
    List<String> misses = List.of("x", "y", "z");
    for (Measure measure : Measure.values()) {
      assertThat(measure.score(misses, QRELS, 10)).as(measure.label()).isZero();
      assertThat(measure.score(List.of(), QRELS, 10))
          .as(measure.label() + " on an empty ranking")
          .isZero();
    }
  }

  @Test
  void aPerfectRankingHasNdcgRecallMrrAndMapOfOne() {
    List<String> perfect = List.of("d2", "d1", "d9", "x");
    assertThat(RetrievalMetrics.ndcg(perfect, QRELS, 10)).isCloseTo(1.0, EXACT);
    assertThat(RetrievalMetrics.recall(perfect, QRELS, 3)).isCloseTo(1.0, EXACT);
    assertThat(RetrievalMetrics.mrr(perfect, QRELS, 10)).isCloseTo(1.0, EXACT);
    assertThat(RetrievalMetrics.averagePrecision(perfect, QRELS, 10)).isCloseTo(1.0, EXACT);
  }

  @Test
  void aCutOffBeyondTheRankingLengthUsesTheWholeRanking() {
    for (Measure measure : List.of(Measure.NDCG, Measure.RECALL, Measure.MRR, Measure.MAP)) {
      assertThat(measure.score(RANKING, QRELS, 1000))
          .as(measure.label())
          .isCloseTo(measure.score(RANKING, QRELS, RANKING.size()), EXACT);
    }
  }

  @Test
  void judgementsOfZeroOrLessAreNotRelevant() {
    // d1 is judged 0 and d2 -1: the only relevant document is d3, at rank 3
    Map<String, Integer> qrels = Map.of("d1", 0, "d2", -1, "d3", 1);
    List<String> ranking = List.of("d1", "d2", "d3");
    assertThat(RetrievalMetrics.mrr(ranking, qrels, 10)).isCloseTo(1.0 / 3, EXACT);
    assertThat(RetrievalMetrics.recall(ranking, qrels, 2)).isZero();
    assertThat(RetrievalMetrics.recall(ranking, qrels, 3)).isCloseTo(1.0, EXACT);
    assertThat(RetrievalMetrics.ndcg(ranking, qrels, 10)).isCloseTo(1 / log2(4), EXACT);
    assertThat(RetrievalMetrics.ndcg(ranking, Map.of("d1", 0), 10)).isZero();
  }

  @Test
  void aRankingThatRepeatsADocumentIsRejectedWithAHintToCollapseIt() {
    assertThatThrownBy(() -> RetrievalMetrics.ndcg(List.of("a", "b", "a"), QRELS, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a'")
        .hasMessageContaining("distinct");
    assertThat(RetrievalMetrics.distinct(List.of("a", "b", "a", "c", "b")))
        .containsExactly("a", "b", "c");
  }

  @Test
  void aCutOffBelowOneIsRejected() {
    assertThatThrownBy(() -> RetrievalMetrics.recall(RANKING, QRELS, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
