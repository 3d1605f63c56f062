package dev.grounded.eval.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BootstrapTest {
  @Test
  void theIntervalOfABinaryMetricIsCloseToTheNormalApproximation() {
    // 1,000 items, 70% correct: standard error sqrt(0.7*0.3/1000) = 0.0145, 95% ~ +-0.0284
    double[] v = new double[1000];
    for (int i = 0; i < 700; i++) v[i] = 1;
    Bootstrap.Interval ci = Bootstrap.mean(v);
    assertThat(ci.mean()).isCloseTo(0.7, within(1e-12));
    assertThat(ci.low()).isCloseTo(0.7 - 0.0284, within(0.006));
    assertThat(ci.high()).isCloseTo(0.7 + 0.0284, within(0.006));
  }

  @Test
  void theSameSeedGivesTheSameIntervalAndConstantsHaveNoWidth() {
    double[] v = new SplittableRandom(7).doubles(200).toArray();
    assertThat(Bootstrap.mean(v)).isEqualTo(Bootstrap.mean(v));
    Bootstrap.Interval c = Bootstrap.mean(new double[] {0.5, 0.5, 0.5});
    assertThat(c.low()).isEqualTo(0.5);
    assertThat(c.high()).isEqualTo(0.5);
  }
}
