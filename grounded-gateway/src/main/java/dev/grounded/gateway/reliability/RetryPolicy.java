package dev.grounded.gateway.reliability;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How often and how patiently to retry: at most {@code maxAttempts} calls in all, waiting between
 * them a jittered exponential back-off (a random time between half and all of {@code initialBackoff
 * × 2^(attempt-1)}, capped at {@code maxBackoff}), or the upstream's {@code Retry-After} when it is
 * longer. A {@code Retry-After} beyond {@code maxRetryAfter} is not waited for: the rate limit goes
 * to the caller.
 */
public record RetryPolicy(
    int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {
  /** 3 attempts, 250 ms doubling up to 4 s, Retry-After honoured up to 30 s. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(3, Duration.ofMillis(250), Duration.ofSeconds(4), Duration.ofSeconds(30));

  public RetryPolicy {
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
    if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be >= 1");
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0)
      throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
    if (maxRetryAfter.isNegative())
      throw new IllegalArgumentException("maxRetryAfter must be >= 0");
  }

  /**
   * The wait after failed attempt {@code attempt} (from 1), or empty when the upstream asked for a
   * longer wait than {@link #maxRetryAfter()}.
   */
  public Optional<Duration> delay(
      int attempt, Optional<Duration> retryAfter, RandomGenerator random) {
    long cap = maxBackoff.toNanos();
    long base = Math.min(cap, initialBackoff.toNanos() << Math.min(attempt - 1, 30));
    if (base < 0) base = cap;
    long jittered = base / 2 + (base / 2 > 0 ? random.nextLong(base - base / 2 + 1) : 0);
    Duration backoff = Duration.ofNanos(jittered);
    if (retryAfter.isEmpty()) return Optional.of(backoff);
    if (retryAfter.get().compareTo(maxRetryAfter) > 0) return Optional.empty();
    return Optional.of(retryAfter.get().compareTo(backoff) > 0 ? retryAfter.get() : backoff);
  }
}
