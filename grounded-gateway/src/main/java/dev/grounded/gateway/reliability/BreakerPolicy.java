package dev.grounded.gateway.reliability;

import java.time.Duration;
import java.util.Objects;

/**
 * When a target's circuit breaker opens and for how long.
 *
 * @param failures consecutive failed calls (each after its retries) that open the breaker; from 1
 * @param coolDown how long an open breaker refuses calls before letting one probe through
 */
public record BreakerPolicy(int failures, Duration coolDown) {
  /** Open after 5 consecutive failures, probe again after 30 s. */
  public static final BreakerPolicy DEFAULT = new BreakerPolicy(5, Duration.ofSeconds(30));

  public BreakerPolicy {
    Objects.requireNonNull(coolDown, "coolDown");
    if (failures < 1) throw new IllegalArgumentException("failures must be >= 1");
    if (!coolDown.isPositive()) throw new IllegalArgumentException("coolDown must be positive");
  }
}
