package dev.grounded.gateway.chain;

import dev.grounded.core.ErrorCode;
import dev.grounded.guard.json.Fix;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

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

  /**
   * A target failed (or its breaker was open) and the request goes on to the next one.
   *
   * @param cause why {@code from} was left: the failure's code, or {@code upstream_error} for an
   *     open breaker
   */
  record FallbackTaken(String requestId, Target from, Target to, ErrorCode cause)
      implements GatewayEvent {
    public FallbackTaken {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(cause, "cause");
    }
  }

  /**
   * A target's circuit breaker opened after {@code failures} consecutive failures (or a failed
   * half-open probe): it gets no requests for {@code coolDown}.
   */
  record BreakerOpened(String requestId, Target target, int failures, Duration coolDown)
      implements GatewayEvent {
    public BreakerOpened {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(coolDown, "coolDown");
      if (failures < 1) throw new IllegalArgumentException("failures must be >= 1");
    }
  }

  /** A half-open breaker's probe succeeded: the target takes requests again. */
  record BreakerClosed(String requestId, Target target) implements GatewayEvent {
    public BreakerClosed {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(target, "target");
    }
  }

  /**
   * The guard stage acted on a text of the request or its answer: flagged, redacted or blocked
   * findings (allowed ones are not reported). Never carries the text itself.
   *
   * @param source {@code input}, {@code chunk} (a tool result) or {@code output}
   * @param action the strongest action taken: {@code flag}, {@code redact} or {@code block}
   * @param types the findings' types, sorted, distinct
   */
  record GuardActed(String requestId, String source, String action, java.util.List<String> types)
      implements GatewayEvent {
    public GuardActed {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(action, "action");
      types = java.util.List.copyOf(types);
    }

    /** What {@code verdict} did to a text from {@code source} of request {@code requestId}. */
    public static GuardActed of(
        String requestId, dev.grounded.guard.Source source, dev.grounded.guard.Verdict verdict) {
      java.util.TreeSet<String> types = new java.util.TreeSet<>();
      for (dev.grounded.guard.Verdict.Decision d : verdict.decisions())
        types.add(d.finding().type());
      return new GuardActed(
          requestId, source.wireName(), verdict.action().wireName(), List.copyOf(types));
    }
  }

  /**
   * A reply was checked against the request's {@code response_format} (structured output).
   *
   * @param reasks how many times the model was asked again
   * @param fixes what the repair mended in the reply that was kept; empty for {@link
   *     Outcome#FAILED}
   */
  record OutputChecked(String requestId, Outcome outcome, int reasks, Set<Fix> fixes)
      implements GatewayEvent {
    /** How a request with a {@code response_format} ended; each such request has exactly one. */
    public enum Outcome {
      /** The first reply was valid as it came. */
      VALID,
      /** The first reply was valid once repaired. */
      REPAIRED,
      /** A reply after one or more re-asks was valid (repaired or not). */
      REASKED,
      /** No reply was valid after the last re-ask: the caller got an error. */
      FAILED
    }

    public OutputChecked {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(outcome, "outcome");
      fixes = Set.copyOf(fixes);
      if (reasks < 0) throw new IllegalArgumentException("reasks must be >= 0");
    }
  }
}
