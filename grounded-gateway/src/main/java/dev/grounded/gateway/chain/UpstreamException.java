package dev.grounded.gateway.chain;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import java.time.Duration;
import java.util.Optional;

/**
 * A failed upstream call: a {@link GroundedException} that also says whether another attempt can
 * help (which can differ from its code's default: a rejected upstream key is a 502 that no retry
 * fixes) and how long the upstream asked to wait ({@code Retry-After}).
 */
public final class UpstreamException extends GroundedException {
  private static final long serialVersionUID = 1L;

  private final boolean retriable;
  private final transient Duration retryAfter;

  public UpstreamException(
      ErrorCode code, String message, boolean retriable, Duration retryAfter, Throwable cause) {
    super(code, message, null, cause);
    this.retriable = retriable;
    this.retryAfter = retryAfter;
  }

  @Override
  public boolean retriable() {
    return retriable;
  }

  /** The upstream's {@code Retry-After}, when it sent one. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
