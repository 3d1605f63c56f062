package dev.grounded.gateway.budget;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import java.time.Duration;
import java.util.Objects;

/**
 * A reservation refused by a limit: {@link ErrorCode#BUDGET_EXCEEDED} (spend per day or month) or
 * {@link ErrorCode#RATE_LIMITED} (requests or tokens per minute), both HTTP 429. {@link
 * #retryAfterSeconds()} is the {@code Retry-After} to send: when the window frees enough room, or,
 * for spend, when the exceeded day or month ends (UTC).
 */
public final class LimitExceeded extends GroundedException {
  private static final long serialVersionUID = 1L;

  private final transient Scope scope;
  private final Duration retryAfter;

  LimitExceeded(ErrorCode code, Scope scope, Duration retryAfter, String message) {
    super(code, message, null, null);
    this.scope = Objects.requireNonNull(scope, "scope");
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
  }

  /** The scope whose limit refused the call. */
  public Scope scope() {
    return scope;
  }

  public Duration retryAfter() {
    return retryAfter;
  }

  /** {@link #retryAfter()} in whole seconds, rounded up, at least 1: the header's value. */
  public long retryAfterSeconds() {
    long ms = retryAfter.toMillis();
    return Math.max(1, (ms + 999) / 1000);
  }
}
