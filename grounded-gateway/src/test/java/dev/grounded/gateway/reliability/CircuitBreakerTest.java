package dev.grounded.gateway.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grounded.gateway.reliability.CircuitBreaker.State;
import dev.grounded.gateway.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final CircuitBreaker breaker =
      new CircuitBreaker(new BreakerPolicy(3, Duration.ofSeconds(30)), clock);

  void fail(int times) {
    for (int i = 0; i < times; i++) {
      assertThat(breaker.tryAcquire()).isTrue();
      breaker.onFailure();
    }
  }

  @Test
  void itOpensAfterTheThresholdOfConsecutiveFailuresOnly() {
    fail(2);
    assertThat(breaker.tryAcquire()).isTrue();
    assertThat(breaker.onSuccess()).isFalse(); // a success in between starts the count again
    fail(2);
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
    assertThat(breaker.tryAcquire()).isTrue();
    assertThat(breaker.onFailure()).isTrue();
    assertThat(breaker.state()).isEqualTo(State.OPEN);
    assertThat(breaker.tryAcquire()).isFalse();
    assertThat(breaker.untilProbe()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void afterTheCoolDownExactlyOneProbeIsLetThroughAndItsSuccessClosesTheBreaker() {
    fail(3);
    clock.advance(Duration.ofSeconds(29));
    assertThat(breaker.tryAcquire()).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(breaker.tryAcquire()).isTrue();
    assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
    assertThat(breaker.tryAcquire()).isFalse(); // a second caller while the probe runs
    assertThat(breaker.onSuccess()).isTrue();
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
    assertThat(breaker.tryAcquire()).isTrue();
  }

  @Test
  void aFailedProbeOpensTheBreakerForAnotherWholeCoolDown() {
    fail(3);
    clock.advance(Duration.ofSeconds(30));
    assertThat(breaker.tryAcquire()).isTrue();
    assertThat(breaker.onFailure()).isTrue();
    assertThat(breaker.state()).isEqualTo(State.OPEN);
    clock.advance(Duration.ofSeconds(29));
    assertThat(breaker.tryAcquire()).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(breaker.tryAcquire()).isTrue();
  }

  @Test
  void aProbeThatSaysNothingAboutHealthFreesTheSlotForTheNextCaller() {
    fail(3);
    clock.advance(Duration.ofSeconds(30));
    assertThat(breaker.tryAcquire()).isTrue();
    breaker.onNeutral();
    assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
    assertThat(breaker.tryAcquire()).isTrue();
  }

  @Test
  void thePolicyIsValidated() {
    assertThatThrownBy(() -> new BreakerPolicy(0, Duration.ofSeconds(1)))
        .hasMessageContaining("failures");
    assertThatThrownBy(() -> new BreakerPolicy(1, Duration.ZERO)).hasMessageContaining("coolDown");
  }
}
