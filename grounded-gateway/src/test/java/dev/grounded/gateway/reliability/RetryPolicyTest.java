package dev.grounded.gateway.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  static final RetryPolicy P =
      new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(5));

  @Test
  void backOffIsJitteredBetweenHalfAndAllOfTheCappedExponential() {
    long seed = Long.getLong("tests.seed", System.nanoTime());
    System.out.println("RetryPolicyTest seed: " + seed + " (rerun with -Dtests.seed=" + seed + ")");
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < 10_000; i++) {
      int attempt = 1 + random.nextInt(40);
      long base = Math.min(2000, 100L << Math.min(attempt - 1, 30));
      Duration d = P.delay(attempt, Optional.empty(), random).orElseThrow();
      assertThat(d.toMillis()).as("attempt %d, seed %d", attempt, seed).isBetween(base / 2, base);
    }
  }

  @Test
  void retryAfterIsAFloorAndTooLongARetryAfterIsNotWaitedFor() {
    SplittableRandom random = new SplittableRandom(1);
    assertThat(P.delay(1, Optional.of(Duration.ofSeconds(3)), random))
        .contains(Duration.ofSeconds(3));
    assertThat(P.delay(1, Optional.of(Duration.ofSeconds(6)), random)).isEmpty();
    assertThat(P.delay(5, Optional.of(Duration.ZERO), random).orElseThrow())
        .isGreaterThanOrEqualTo(Duration.ofMillis(800));
  }
}
