package dev.grounded.gateway;

import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.ChatResponse;
import dev.grounded.gateway.chain.GatewayListener;
import dev.grounded.gateway.chain.Interceptor;
import dev.grounded.gateway.chain.InterceptorChain;
import dev.grounded.gateway.provider.Provider;
import dev.grounded.gateway.provider.ProviderInterceptor;
import dev.grounded.gateway.reliability.RetryInterceptor;
import dev.grounded.gateway.reliability.RetryPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Every model call goes through here: one interceptor chain, assembled in {@link #interceptors} in
 * a fixed order. Thread-safe; one instance serves all requests.
 */
public final class Gateway {
  private final List<Interceptor> interceptors;

  /**
   * @param provider the upstream every request goes to (a router will choose among several)
   * @param retry how failed upstream calls are retried
   * @param listener receives what the stages did
   */
  public Gateway(Provider provider, RetryPolicy retry, GatewayListener listener) {
    this.interceptors =
        interceptors(
            Objects.requireNonNull(provider, "provider"),
            Objects.requireNonNull(retry, "retry"),
            Objects.requireNonNull(listener, "listener"));
  }

  /** Runs {@code request} through the chain; a stream must be drained or closed by the caller. */
  public ChatResponse chat(ChatRequest request) {
    return InterceptorChain.run(interceptors, request);
  }

  /**
   * The chain, outermost first. The order is the design; stages not built yet are marked where they
   * go:
   *
   * <ol>
   *   <li>auth: the key names tenant, user and limits (today done before the chain, by the server)
   *   <li>rate limit and budget reservation: may answer 429 without going further
   *   <li>input guardrails
   *   <li>cache: may answer from the cache without going further
   *   <li>router: alias → weighted target and fallbacks
   *   <li>ledger: records each upstream call's outcome, tokens and cost
   *   <li>retry, fallback, circuit breaker
   *   <li>output guardrails
   *   <li>provider: the one upstream call
   * </ol>
   */
  private static List<Interceptor> interceptors(
      Provider provider, RetryPolicy retry, GatewayListener listener) {
    List<Interceptor> chain = new ArrayList<>();
    // auth, rate limit/budget, input guard, cache, router, ledger: later increments
    chain.add(new RetryInterceptor(retry, listener));
    // output guard: later
    chain.add(new ProviderInterceptor(provider));
    return List.copyOf(chain);
  }
}
