package dev.grounded.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grounded.gateway.cache.SemanticMatch.Reason;
import dev.grounded.gateway.cache.SemanticMatch.Turn;
import dev.grounded.gateway.cache.SemanticMatch.Verdict;
import org.junit.jupiter.api.Test;

class SemanticMatchTest {
  private final SemanticMatch match = SemanticMatch.defaults();

  /** A unit vector at the given cosine to {@link #ONE}. */
  private static float[] at(double cosine) {
    return new float[] {(float) cosine, (float) Math.sqrt(1 - cosine * cosine), 0};
  }

  private static final float[] ONE = at(1.0);

  private Verdict verdict(String incoming, float[] vi, String cached, float[] vc) {
    return match.match(Turn.of(incoming, vi), Turn.of(cached, vc));
  }

  @Test
  void theSameTurnIsServed() {
    String q = "How do I reset my password on the billing portal?";
    Verdict v = verdict(q, ONE, q, ONE);
    assertThat(v.serve()).isTrue();
    assertThat(v.reason()).isEqualTo(Reason.SERVE);
    assertThat(v.score()).isGreaterThanOrEqualTo(SemanticMatch.DEFAULT_THRESHOLD);
  }

  @Test
  void aCloseRewordingWithNearlyTheSameVectorIsServed() {
    Verdict v =
        verdict(
            "How do I reset my password on the billing portal?",
            ONE,
            "How can I reset my password on the billing portal?",
            at(0.99));
    assertThat(v.serve()).isTrue();
  }

  @Test
  void aDifferingNumberIsAMissWhateverTheCosine() {
    Verdict v = verdict("What was revenue in 2023?", ONE, "What was revenue in 2024?", ONE);
    assertThat(v.serve()).isFalse();
    assertThat(v.reason()).isEqualTo(Reason.NUMBERS_DIFFER);
    assertThat(v.score()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(verdict("Dose for two tablets?", ONE, "Dose for three tablets?", ONE).reason())
        .isEqualTo(Reason.NUMBERS_DIFFER);
  }

  @Test
  void theSameNumberWrittenWithAThousandsSeparatorIsNotADifference() {
    Verdict v = verdict("Is 1,000 mg too much?", ONE, "Is 1000 mg too much?", ONE);
    assertThat(v.reason()).isEqualTo(Reason.SERVE);
  }

  @Test
  void aNegationOnOneSideOnlyIsAMiss() {
    assertThat(
            verdict("Is aspirin safe in pregnancy?", ONE, "Isn't aspirin safe in pregnancy?", ONE)
                .reason())
        .isEqualTo(Reason.NEGATION_DIFFERS);
    assertThat(verdict("Should I take it with food?", ONE, "Should I not take it with food?", ONE))
        .extracting(Verdict::reason)
        .isEqualTo(Reason.NEGATION_DIFFERS);
  }

  @Test
  void aCosineBelowTheFloorIsAMissBeforeAnyOtherCheck() {
    Verdict v = verdict("Reset my password", ONE, "Reset my password", at(0.5));
    assertThat(v.reason()).isEqualTo(Reason.LOW_COSINE);
  }

  @Test
  void aHighCosineAloneIsNotEnough() {
    // 0.92 is the single threshold that serves about half the STS-B paraphrases, with 13 % wrong
    Verdict v =
        verdict(
            "Which plan includes phone support?",
            ONE,
            "Which enterprise plan includes phone support in Europe?",
            at(0.92));
    assertThat(v.serve()).isFalse();
    assertThat(v.reason()).isEqualTo(Reason.LOW_SCORE);
  }

  @Test
  void aHigherThresholdServesLess() {
    Turn a = Turn.of("How do I export my data?", ONE);
    Turn b = Turn.of("How can I export all my data?", at(0.97));
    assertThat(match.withThreshold(-5).match(a, b).serve()).isTrue();
    assertThat(match.withThreshold(10).match(a, b).serve()).isFalse();
  }

  @Test
  void vectorsOfDifferentLengthsAreRejected() {
    assertThatThrownBy(() -> verdict("a", new float[] {1, 0}, "a", new float[] {1, 0, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("differ in length");
  }

  @Test
  void invalidSettingsAreRejected() {
    assertThatThrownBy(() -> new SemanticMatch(PairClassifier.BGE_SMALL_STSB, 1.5, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> match.withThreshold(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Turn.of("x", new float[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
