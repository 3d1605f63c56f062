package dev.grounded.eval.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.grounded.eval.stats.Agreement.Weights;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgreementTest {
  /** Items with label pairs laid out as a confusion table: counts[i][j] items rated (i, j). */
  private static List<List<String>> fromTable(List<String> categories, int[][] counts) {
    List<String> a = new ArrayList<>(), b = new ArrayList<>();
    for (int i = 0; i < counts.length; i++)
      for (int j = 0; j < counts[i].length; j++)
        for (int n = 0; n < counts[i][j]; n++) {
          a.add(categories.get(i));
          b.add(categories.get(j));
        }
    return List.of(a, b);
  }

  @Test
  void unweightedKappaMatchesTheHandComputedTwoByTwoTable() {
    // 50 items: yes/yes 20, yes/no 5, no/yes 10, no/no 15.
    // p_o = 35/50 = 0.70; marginals: first yes 25/50, second yes 30/50
    // p_e = 0.5*0.6 + 0.5*0.4 = 0.50; kappa = (0.70 - 0.50) / (1 - 0.50) = 0.40
    List<String> cats = List.of("yes", "no");
    List<List<String>> r = fromTable(cats, new int[][] {{20, 5}, {10, 15}});
    Agreement a = Agreement.of(r.get(0), r.get(1), cats, Weights.NONE);
    assertThat(a.observed()).isCloseTo(0.70, within(1e-12));
    assertThat(a.expected()).isCloseTo(0.50, within(1e-12));
    assertThat(a.kappa()).isCloseTo(0.40, within(1e-12));
    assertThat(a.confusion()).containsExactly(List.of(20, 5), List.of(10, 15));
  }

  @Test
  void weightedKappaMatchesTheHandComputedOrdinalTable() {
    // 3-point scale, 10 items: rows = first rater, columns = second
    //   1: [2, 1, 0]   2: [1, 3, 1]   3: [0, 0, 2]
    // proportions: row marginals (0.3, 0.5, 0.2), column marginals (0.3, 0.4, 0.3)
    // three off-diagonal items, each one step apart
    // linear weights |i-j|/2: observed disagreement = 3 * 0.5 / 10 = 0.15
    //   expected = 0.5 * (0.3*0.4 + 0.5*0.3 + 0.5*0.3 + 0.2*0.4) + 1.0 * (0.3*0.3 + 0.2*0.3)
    //            = 0.5 * 0.50 + 0.15 = 0.40 -> kappa = 1 - 0.15/0.40 = 0.625
    // quadratic weights (|i-j|/2)^2: observed = 3 * 0.25 / 10 = 0.075
    //   expected = 0.25 * 0.50 + 1.0 * 0.15 = 0.275 -> kappa = 1 - 0.075/0.275 = 0.7272...
    // unweighted: p_o = 0.7, p_e = 0.09 + 0.20 + 0.06 = 0.35 -> kappa = 0.35/0.65 = 0.5384...
    List<String> cats = List.of("1", "2", "3");
    List<List<String>> r = fromTable(cats, new int[][] {{2, 1, 0}, {1, 3, 1}, {0, 0, 2}});
    assertThat(Agreement.of(r.get(0), r.get(1), cats, Weights.LINEAR).kappa())
        .isCloseTo(0.625, within(1e-12));
    assertThat(Agreement.of(r.get(0), r.get(1), cats, Weights.QUADRATIC).kappa())
        .isCloseTo(1 - 0.075 / 0.275, within(1e-12));
    assertThat(Agreement.of(r.get(0), r.get(1), cats, Weights.NONE).kappa())
        .isCloseTo(0.35 / 0.65, within(1e-12));
  }

  @Test
  void perfectAgreementIsOneAndConstantRatersAreUndefined() {
    List<String> cats = List.of("pass", "fail");
    assertThat(
            Agreement.of(List.of("pass", "fail"), List.of("pass", "fail"), cats, Weights.NONE)
                .kappa())
        .isEqualTo(1.0);
    assertThat(
            Agreement.of(List.of("pass", "pass"), List.of("pass", "pass"), cats, Weights.NONE)
                .kappa())
        .isNaN();
  }

  @Test
  void anUnknownLabelIsRefusedWithItsItemNumber() {
    assertThatThrownBy(
            () ->
                Agreement.of(
                    List.of("pass", "maybe"),
                    List.of("pass", "fail"),
                    List.of("pass", "fail"),
                    Weights.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("item 2")
        .hasMessageContaining("'maybe'");
  }
}
