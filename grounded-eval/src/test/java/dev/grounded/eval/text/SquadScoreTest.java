package dev.grounded.eval.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SquadScoreTest {
  @Test
  void normalizationDropsCasePunctuationArticlesAndExtraSpaces() {
    assertThat(SquadScore.normalize("  The  Denver Broncos!")).isEqualTo("denver broncos");
    assertThat(SquadScore.normalize("an apple, a pear and THE plum."))
        .isEqualTo("apple pear and plum");
    // articles go only as whole words, as the official regex \b(a|an|the)\b
    assertThat(SquadScore.normalize("theory anthem")).isEqualTo("theory anthem");
    assertThat(SquadScore.normalize("Saint-Denis")).isEqualTo("saintdenis");
  }

  @Test
  void exactMatchIsTheBestOverTheGoldAnswers() {
    // Super Bowl 50 (the first question of SQuAD dev): golds "Denver Broncos" x3
    List<String> golds = List.of("Denver Broncos", "Denver Broncos", "Denver Broncos");
    assertThat(SquadScore.exactMatch("the Denver Broncos", golds)).isEqualTo(1.0);
    assertThat(SquadScore.exactMatch("Broncos", golds)).isEqualTo(0.0);
    assertThat(
            SquadScore.exactMatch("Carolina", List.of("Panthers", "Carolina Panthers", "Carolina")))
        .isEqualTo(1.0);
  }

  @Test
  void f1CountsSharedTokensWithMultiplicity() {
    // prediction 4 tokens, gold 2 ("the" goes), 2 shared: P = 2/4, R = 2/2, F1 = 2/3
    assertThat(SquadScore.f1("Denver Broncos football team", List.of("the Denver Broncos!")))
        .isCloseTo(2 / 3.0, within(1e-12));
    // 3 and 4 tokens, 2 shared: P = 2/3, R = 2/4, F1 = 4/7
    assertThat(SquadScore.f1("Broncos of Denver", List.of("Denver Broncos football team")))
        .isCloseTo(4 / 7.0, within(1e-12));
    // a token counts as often as it appears in both: "new new york" vs "new york": common 2
    assertThat(SquadScore.f1("new new york", List.of("new york")))
        .isCloseTo(2 * (2 / 3.0) * 1.0 / (2 / 3.0 + 1.0), within(1e-12));
    assertThat(SquadScore.f1("Broncos", List.of("Denver Broncos", "Broncos"))).isEqualTo(1.0);
    assertThat(SquadScore.f1("Panthers", List.of("Denver Broncos"))).isEqualTo(0.0);
  }

  @Test
  void unanswerableQuestionsRewardOnlyAnEmptyPrediction() {
    assertThat(SquadScore.exactMatch("", List.of())).isEqualTo(1.0);
    assertThat(SquadScore.f1("", List.of())).isEqualTo(1.0);
    assertThat(SquadScore.exactMatch("Denver", List.of())).isEqualTo(0.0);
    assertThat(SquadScore.f1("Denver", List.of())).isEqualTo(0.0);
    // and an empty prediction to an answerable question scores 0
    assertThat(SquadScore.f1("", List.of("Denver Broncos"))).isEqualTo(0.0);
    // an answer that normalizes to nothing ("the") counts as empty, as in the official script
    assertThat(SquadScore.exactMatch("The.", List.of())).isEqualTo(1.0);
  }
}
