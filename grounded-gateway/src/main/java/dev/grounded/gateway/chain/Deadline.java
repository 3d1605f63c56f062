package dev.grounded.gateway.chain;

import java.time.Duration;

/**
 * A point in time (on {@link System#nanoTime()}) by which a request must be finished. Carried by
 * every {@link ChatRequest}: each stage waits at most {@link #remaining()}, so no fault can hold a
 * request past it.
 *
 * @param expiresAtNanos the {@code System.nanoTime()} value at which the deadline passes
 */
public record Deadline(long expiresAtNanos) {

  /** The deadline {@code timeout} from now; must be positive. */
  public static Deadline after(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero())
      throw new IllegalArgumentException("a deadline must be in the future, not " + timeout);
    return new Deadline(System.nanoTime() + timeout.toNanos());
  }

  /** Time left, never negative. */
  public Duration remaining() {
    return Duration.ofNanos(Math.max(0, expiresAtNanos - System.nanoTime()));
  }

  public boolean passed() {
    return expiresAtNanos - System.nanoTime() <= 0;
  }

  /** Whichever of the two passes first. */
  public Deadline earlier(Deadline other) {
    return expiresAtNanos - other.expiresAtNanos <= 0 ? this : other;
  }
}
