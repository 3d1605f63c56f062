package dev.grounded.gateway.reliability;

import dev.grounded.gateway.chain.Target;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** One {@link CircuitBreaker} per target, made on first use. Thread-safe; one per gateway. */
public final class CircuitBreakers {
  private final BreakerPolicy policy;
  private final Clock clock;
  private final Map<Target, CircuitBreaker> breakers = new ConcurrentHashMap<>();

  /**
   * @param policy every breaker's thresholds
   * @param clock times the cool-downs (a clock tests move by hand)
   */
  public CircuitBreakers(BreakerPolicy policy, Clock clock) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public BreakerPolicy policy() {
    return policy;
  }

  /** The breaker of {@code target}. */
  public CircuitBreaker of(Target target) {
    return breakers.computeIfAbsent(
        Objects.requireNonNull(target, "target"), t -> new CircuitBreaker(policy, clock));
  }
}
