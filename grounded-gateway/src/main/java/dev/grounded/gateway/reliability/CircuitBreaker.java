package dev.grounded.gateway.reliability;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One target's circuit breaker. Closed: calls pass, and {@link BreakerPolicy#failures()}
 * consecutive failures open it. Open: calls are refused until {@link BreakerPolicy#coolDown()} has
 * passed on the clock; the next call is then let through as the one probe (half-open), and every
 * other call is refused while it runs. The probe's success closes the breaker, its failure opens it
 * for another cool-down. Only failures another attempt could fix count; an outcome that says
 * nothing about the target's health (a rejected request) just frees the probe slot. Thread-safe.
 */
public final class CircuitBreaker {
  /** Where the breaker stands. */
  public enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  private final BreakerPolicy policy;
  private final Clock clock;
  private State state = State.CLOSED;
  private int consecutiveFailures;
  private Instant openedAt = Instant.MIN;
  private boolean probing;

  public CircuitBreaker(BreakerPolicy policy, Clock clock) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Whether a call may go to the target now; a {@code true} must be followed by one outcome. */
  public synchronized boolean tryAcquire() {
    return switch (state) {
      case CLOSED -> true;
      case OPEN -> {
        if (clock.instant().isBefore(openedAt.plus(policy.coolDown()))) yield false;
        state = State.HALF_OPEN;
        probing = true;
        yield true;
      }
      case HALF_OPEN -> {
        if (probing) yield false;
        probing = true;
        yield true;
      }
    };
  }

  /** Records a success; returns whether it closed the breaker (a successful probe). */
  public synchronized boolean onSuccess() {
    consecutiveFailures = 0;
    if (state != State.HALF_OPEN) return false;
    state = State.CLOSED;
    probing = false;
    return true;
  }

  /** Records a failure that counts; returns whether it opened the breaker. */
  public synchronized boolean onFailure() {
    switch (state) {
      case CLOSED -> {
        if (++consecutiveFailures < policy.failures()) return false;
      }
      case HALF_OPEN -> probing = false;
      case OPEN -> {
        return false; // a call let through before the breaker opened: already counted as open
      }
    }
    state = State.OPEN;
    openedAt = clock.instant();
    return true;
  }

  /** Records an outcome that says nothing about the target's health: frees the probe slot. */
  public synchronized void onNeutral() {
    if (state == State.HALF_OPEN) probing = false;
  }

  public synchronized State state() {
    return state;
  }

  /** The consecutive failures counted so far (what opened it, once open). */
  public synchronized int failures() {
    return consecutiveFailures;
  }

  /** Time until an open breaker lets a probe through; zero when it is not open. */
  public synchronized Duration untilProbe() {
    if (state != State.OPEN) return Duration.ZERO;
    Duration d = Duration.between(clock.instant(), openedAt.plus(policy.coolDown()));
    return d.isNegative() ? Duration.ZERO : d;
  }
}
