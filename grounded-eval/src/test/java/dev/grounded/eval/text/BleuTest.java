package dev.grounded.eval.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class BleuTest {
  @Test
  void reproducesSacreBleusReadmeExample() {
    // sacreBLEU's README: BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944
    // hyp_len = 17 ref_len = 18)
    List<String> system =
        List.of("The dog bit the man.", "It wasn't surprising.", "The man had just bitten him.");
    List<List<String>> refs =
        List.of(
            List.of("The dog bit the man.", "The dog had bit the man."),
            List.of("It was not unexpected.", "No one was surprised."),
            List.of("The man bit him first.", "The man had bitten the dog."));
    Bleu.Score s = Bleu.corpus(system, refs);
    assertThat(s.score()).isCloseTo(48.53, within(0.005));
    assertThat(s.precisions().get(0)).isCloseTo(82.4, within(0.05));
    assertThat(s.precisions().get(1)).isCloseTo(50.0, within(0.05));
    assertThat(s.precisions().get(2)).isCloseTo(45.5, within(0.05));
    assertThat(s.precisions().get(3)).isCloseTo(37.5, within(0.05));
    assertThat(s.brevityPenalty()).isCloseTo(0.943, within(0.0005));
    assertThat(s.hypLength()).isEqualTo(17);
    assertThat(s.refLength()).isEqualTo(18);
  }

  @Test
  void tokenizes13aLikeMteval() {
    // expected tokens as sacreBLEU's regular expressions give them in Python's re
    assertThat(Bleu.tokenize13a("It wasn't surprising."))
        .containsExactly("It", "wasn't", "surprising", ".");
    // numbers keep their decimal point and thousands comma; a hyphen after a digit splits
    assertThat(Bleu.tokenize13a("Pay 1,000.50 now, 3-4 times &amp; more"))
        .containsExactly("Pay", "1,000.50", "now", ",", "3", "-", "4", "times", "&", "more");
  }

  @Test
  void identicalSentenceScores100AndDisjointScoresZero() {
    assertThat(Bleu.sentence("the cat sat on the mat", List.of("the cat sat on the mat")).score())
        .isCloseTo(100.0, within(1e-9));
    // no n-gram matches: 0, not a smoothed positive score (sacreBLEU #141)
    assertThat(Bleu.sentence("a b c d e", List.of("v w x y z")).score()).isEqualTo(0.0);
    assertThat(Bleu.corpus(List.of(""), List.of(List.of("a b"))).score()).isEqualTo(0.0);
  }

  @Test
  void sentenceBleuUsesTheEffectiveOrderOnShortSegments() {
    // two tokens: only unigrams and bigrams exist; both match fully, so 100 with effective order
    assertThat(Bleu.sentence("hello world", List.of("hello world")).score())
        .isCloseTo(100.0, within(1e-9));
    // the corpus score keeps order 4 and has no 3- or 4-grams: 0
    assertThat(Bleu.corpus(List.of("hello world"), List.of(List.of("hello world"))).score())
        .isEqualTo(0.0);
  }

  @Test
  void brevityPenaltyUsesTheClosestReferenceLength() {
    // hypothesis 3 tokens; references of 2 and 5 tokens: closest is 2, so no penalty
    Bleu.Score s = Bleu.sentence("a b c", List.of("a b", "a b c d e"));
    assertThat(s.refLength()).isEqualTo(2);
    assertThat(s.brevityPenalty()).isEqualTo(1.0);
  }
}
