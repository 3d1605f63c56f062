package dev.grounded.gateway.chain;

import dev.grounded.core.ErrorCode;
import java.time.Duration;
import java.util.Objects;

/** Something a stage did that metrics, traces or the audit log may want to know. */
public sealed interface GatewayEvent {

  /** The request id the event belongs to. */
  String requestId();

  /**
   * An upstream call failed with a retriable error and is tried again after {@code delay}.
   *
   * @param attempt the attempt that failed, from 1
   */
  record UpstreamRetried(String requestId, int attempt, Duration delay, ErrorCode cause)
      implements GatewayEvent {
    public UpstreamRetried {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(delay, "delay");
      Objects.requireNonNull(cause, "cause");
      if (attempt < 1) throw new IllegalArgumentException("attempt must be >= 1");
    }
  }
}
