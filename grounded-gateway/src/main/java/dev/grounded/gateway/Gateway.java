package dev.grounded.gateway;

import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.ChatResponse;
import dev.grounded.gateway.chain.GatewayListener;
import dev.grounded.gateway.chain.Interceptor;
import dev.grounded.gateway.chain.InterceptorChain;
import dev.grounded.gateway.provider.Provider;
import dev.grounded.gateway.provider.ProviderInterceptor;
import dev.grounded.gateway.provider.TargetProviderInterceptor;
import dev.grounded.gateway.reliability.BreakerPolicy;
import dev.grounded.gateway.reliability.CircuitBreakers;
import dev.grounded.gateway.reliability.FallbackInterceptor;
import dev.grounded.gateway.reliability.RetryInterceptor;
import dev.grounded.gateway.reliability.RetryPolicy;
import dev.grounded.gateway.routing.Router;
import dev.grounded.gateway.routing.RouterInterceptor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Every model call goes through here: one interceptor chain, assembled in {@link #interceptors} in
 * a fixed order. Thread-safe; one instance serves all requests.
 */
public final class Gateway {
  /** Unused by an unrouted gateway (its requests have no targets), present for one chain shape. */
  private static final CircuitBreakers NO_BREAKERS =
      new CircuitBreakers(BreakerPolicy.DEFAULT, Clock.systemUTC());

  private final List<Interceptor> interceptors;

  /**
   * @param provider the upstream every request goes to, its model unchanged (see {@link #routed})
   * @param retry how failed upstream calls are retried
   * @param listener receives what the stages did
   */
  public Gateway(Provider provider, RetryPolicy retry, GatewayListener listener) {
    this(
        Router.NONE,
        NO_BREAKERS,
        Objects.requireNonNull(retry, "retry"),
        Objects.requireNonNull(listener, "listener"),
        new ProviderInterceptor(Objects.requireNonNull(provider, "provider")));
  }

  private Gateway(
      Router router,
      CircuitBreakers breakers,
      RetryPolicy retry,
      GatewayListener listener,
      Interceptor provider) {
    this.interceptors = interceptors(router, breakers, retry, listener, provider);
  }

  /**
   * A gateway routing each request's model through {@code router} to several providers, with
   * fallback to the next target and a circuit breaker per target.
   *
   * @param providers every configured provider, names unique
   * @param router names the targets (provider + model) to try for a request, in order
   * @param breakers the breakers, one per target, shared by all requests
   * @param retry how each target's failed calls are retried before falling back
   * @param listener receives what the stages did
   */
  public static Gateway routed(
      List<Provider> providers,
      Router router,
      CircuitBreakers breakers,
      RetryPolicy retry,
      GatewayListener listener) {
    return new Gateway(
        Objects.requireNonNull(router, "router"),
        Objects.requireNonNull(breakers, "breakers"),
        Objects.requireNonNull(retry, "retry"),
        Objects.requireNonNull(listener, "listener"),
        new TargetProviderInterceptor(providers));
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
   *   <li>fallback and circuit breaker: the targets in order, skipping open breakers
   *   <li>retry: each target's attempts (inside the fallback, so every target gets its own)
   *   <li>output guardrails
   *   <li>provider: the one upstream call
   * </ol>
   */
  private static List<Interceptor> interceptors(
      Router router,
      CircuitBreakers breakers,
      RetryPolicy retry,
      GatewayListener listener,
      Interceptor provider) {
    List<Interceptor> chain = new ArrayList<>();
    // auth, rate limit/budget, input guard, cache: later increments
    chain.add(new RouterInterceptor(router));
    // ledger: later
    chain.add(new FallbackInterceptor(breakers, listener));
    chain.add(new RetryInterceptor(retry, listener));
    // output guard: later
    chain.add(provider);
    return List.copyOf(chain);
  }
}
