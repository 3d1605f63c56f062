package dev.grounded.eval.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class RougeLTest {
  @Test
  void scoresTheRougeScoreReadmeExample() {
    // rouge-score's README: target "The quick brown fox jumps over the lazy dog", prediction
    // "The quick brown dog jumps on the log." -> rougeL P 0.625, R 0.5556, F 0.5882
    // (LCS "the quick brown jumps the": 5 of 8 prediction tokens, 5 of 9 target tokens)
    RougeL.Score s =
        RougeL.score(
            "The quick brown dog jumps on the log.", "The quick brown fox jumps over the lazy dog");
    assertThat(s.precision()).isCloseTo(0.625, within(1e-12));
    assertThat(s.recall()).isCloseTo(5 / 9.0, within(1e-12));
    assertThat(s.f1()).isCloseTo(0.5882352941176471, within(1e-12));
  }

  @Test
  void tokenizesLikeRougeScore() {
    assertThat(RougeL.tokens("It's 3.5 km, Zürich!"))
        .containsExactly("it", "s", "3", "5", "km", "z", "rich");
  }

  @Test
  void identicalTextsScoreOneAndDisjointOrEmptyTextsZero() {
    assertThat(RougeL.score("a b c", "a b c").f1()).isEqualTo(1.0);
    assertThat(RougeL.score("a b c", "d e f").f1()).isEqualTo(0.0);
    assertThat(RougeL.score("", "d e f").f1()).isEqualTo(0.0);
  }

  @Test
  void lcsIsASubsequenceNotASubstring() {
    assertThat(RougeL.lcs(List.of("a", "x", "b", "y", "c"), List.of("a", "b", "c"))).isEqualTo(3);
    assertThat(RougeL.lcs(List.of("c", "b", "a"), List.of("a", "b", "c"))).isEqualTo(1);
  }

  @Test
  void severalReferencesScoreTheBest() {
    assertThat(RougeL.best("the cat sat", List.of("dogs bark", "the cat sat down")).recall())
        .isCloseTo(0.75, within(1e-12));
    assertThat(RougeL.best("x", List.of()).f1()).isEqualTo(0.0);
  }
}
