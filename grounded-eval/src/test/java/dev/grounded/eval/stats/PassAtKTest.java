package dev.grounded.eval.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class PassAtKTest {
  private static BigInteger binomial(int n, int k) {
    if (k < 0 || k > n) return BigInteger.ZERO;
    BigInteger r = BigInteger.ONE;
    for (int i = 1; i <= k; i++)
      r = r.multiply(BigInteger.valueOf(n - k + i)).divide(BigInteger.valueOf(i));
    return r;
  }

  @Test
  void agreesWithTheClosedFormOverAGridOfCases() {
    for (int n = 1; n <= 40; n++)
      for (int c = 0; c <= n; c++)
        for (int k = 1; k <= n; k++) {
          double closed =
              1
                  - new java.math.BigDecimal(binomial(n - c, k))
                      .divide(
                          new java.math.BigDecimal(binomial(n, k)), java.math.MathContext.DECIMAL64)
                      .doubleValue();
          assertThat(PassAtK.estimate(n, c, k))
              .as("n=%d c=%d k=%d", n, c, k)
              .isCloseTo(closed, within(1e-12));
        }
  }

  @Test
  void simpleCases() {
    assertThat(PassAtK.estimate(10, 0, 5)).isEqualTo(0.0);
    assertThat(PassAtK.estimate(10, 10, 1)).isEqualTo(1.0);
    // pass@1 is the share of passing samples
    assertThat(PassAtK.estimate(200, 37, 1)).isCloseTo(37 / 200.0, within(1e-12));
    // fewer failures than k: some drawn sample must pass
    assertThat(PassAtK.estimate(10, 8, 3)).isEqualTo(1.0);
    // large n stays finite where C(n, k) overflows a double
    assertThat(PassAtK.estimate(2000, 3, 100)).isBetween(0.0, 1.0);
  }

  @Test
  void refusesImpossibleCounts() {
    assertThatThrownBy(() -> PassAtK.estimate(5, 6, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PassAtK.estimate(5, 1, 6))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
