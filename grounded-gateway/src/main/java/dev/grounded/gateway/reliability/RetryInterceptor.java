package dev.grounded.gateway.reliability;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.chain.Chain;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.ChatResponse;
import dev.grounded.gateway.chain.GatewayEvent;
import dev.grounded.gateway.chain.GatewayListener;
import dev.grounded.gateway.chain.Interceptor;
import dev.grounded.gateway.chain.UpstreamException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retries what the rest of the chain reports as {@linkplain GroundedException#retriable()
 * retriable} (rate limits, 5xx, broken connections, a slow first token) under a {@link
 * RetryPolicy}, never past the request's deadline: when the next wait would end after it, the last
 * failure goes to the caller at once. A stream is returned as soon as it has begun, so a stream
 * that fails after its first chunk is never retried into the same response. Each retry is reported
 * to the listener and every attempt counted in the request's {@link
 * dev.grounded.gateway.chain.CallNotes} (all targets' attempts together). Sleeps on the caller's
 * thread (a virtual thread in the server).
 */
public final class RetryInterceptor implements Interceptor {
  private final RetryPolicy policy;
  private final GatewayListener listener;

  public RetryInterceptor(RetryPolicy policy, GatewayListener listener) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  @Override
  public ChatResponse intercept(Chain chain) {
    ChatRequest request = chain.request();
    for (int attempt = 1; ; attempt++) {
      request.metadata().notes().attempted();
      try {
        return chain.proceed(request);
      } catch (GroundedException e) {
        if (!e.retriable() || attempt >= policy.maxAttempts()) throw e;
        Optional<Duration> retryAfter =
            e instanceof UpstreamException u ? u.retryAfter() : Optional.empty();
        Optional<Duration> delay = policy.delay(attempt, retryAfter, ThreadLocalRandom.current());
        if (delay.isEmpty() || delay.get().compareTo(request.deadline().remaining()) >= 0) throw e;
        listener.onEvent(
            new GatewayEvent.UpstreamRetried(
                request.metadata().requestId(), attempt, delay.get(), e.code()));
        sleep(delay.get(), e);
      }
    }
  }

  private static void sleep(Duration d, GroundedException failure) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      GroundedException e = new GroundedException(ErrorCode.INTERNAL, "interrupted", null, ie);
      e.addSuppressed(failure);
      throw e;
    }
  }
}
