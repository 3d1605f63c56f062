package dev.grounded.gateway.reliability;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.chain.Chain;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.ChatResponse;
import dev.grounded.gateway.chain.GatewayEvent;
import dev.grounded.gateway.chain.GatewayListener;
import dev.grounded.gateway.chain.Interceptor;
import dev.grounded.gateway.chain.Target;
import dev.grounded.gateway.chain.UpstreamException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Tries a routed request's targets in order, each through the rest of the chain (the retry stage
 * included, so every target gets its own retries), skipping a target whose {@link CircuitBreaker}
 * is open. A retriable failure (after that target's retries) counts against its breaker and moves
 * on to the next target; a non-retriable one (a rejected request, the deadline passed) goes to the
 * caller at once and opens nothing. A stream is returned once it has begun, so a stream that fails
 * after its first chunk is never failed over into the same response. An unrouted request (no
 * targets) passes straight through. Reports fallbacks and breaker changes to the listener, and
 * notes the answering target in the request's {@link dev.grounded.gateway.chain.CallNotes}.
 */
public final class FallbackInterceptor implements Interceptor {
  private final CircuitBreakers breakers;
  private final GatewayListener listener;

  public FallbackInterceptor(CircuitBreakers breakers, GatewayListener listener) {
    this.breakers = Objects.requireNonNull(breakers, "breakers");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  @Override
  public ChatResponse intercept(Chain chain) {
    ChatRequest request = chain.request();
    List<Target> targets = request.targets();
    if (targets.isEmpty()) return chain.proceed(request);
    String id = request.metadata().requestId();
    GroundedException last = null;
    Target left = null;
    ErrorCode why = null;
    for (Target target : targets) {
      if (left != null) listener.onEvent(new GatewayEvent.FallbackTaken(id, left, target, why));
      left = target;
      why = ErrorCode.UPSTREAM_ERROR;
      CircuitBreaker breaker = breakers.of(target);
      if (!breaker.tryAcquire()) continue;
      if (last != null && request.deadline().passed()) {
        breaker.onNeutral();
        throw last;
      }
      try {
        ChatResponse response =
            chain.proceed(request.withModel(target.model()).withTargets(List.of(target)));
        if (breaker.onSuccess()) listener.onEvent(new GatewayEvent.BreakerClosed(id, target));
        request.metadata().notes().target(target);
        return response;
      } catch (GroundedException e) {
        if (!e.retriable()) {
          breaker.onNeutral();
          throw e;
        }
        if (breaker.onFailure())
          listener.onEvent(
              new GatewayEvent.BreakerOpened(
                  id, target, Math.max(1, breaker.failures()), breakers.policy().coolDown()));
        last = e;
        why = e.code();
      } catch (RuntimeException e) {
        breaker.onNeutral();
        throw e;
      }
    }
    throw last != null ? last : allOpen(targets);
  }

  private UpstreamException allOpen(List<Target> targets) {
    Duration soonest = null;
    for (Target t : targets) {
      Duration d = breakers.of(t).untilProbe();
      if (soonest == null || d.compareTo(soonest) < 0) soonest = d;
    }
    return new UpstreamException(
        ErrorCode.UPSTREAM_ERROR,
        "every target of this request is unavailable (circuit breaker open): " + targets,
        false,
        soonest == null || soonest.isZero() ? null : roundUpToSecond(soonest),
        null);
  }

  private static Duration roundUpToSecond(Duration d) {
    return Duration.ofSeconds(d.getSeconds() + (d.getNano() > 0 ? 1 : 0));
  }
}
