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
import dev.grounded.gateway.structured.StructuredOutput;
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
    this(
        interceptors(
            List.of(), List.of(), List.of(), List.of(), router, List.of(), breakers, retry,
            listener, provider));
  }

  private Gateway(List<Interceptor> interceptors) {
    this.interceptors = interceptors;
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

  /** A builder for a routed gateway with the optional stages filled in. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Assembles a gateway stage by stage; each stage not set is left out. The order of the stages is
   * fixed by the gateway (see {@link #interceptors}), not by the order of the calls.
   */
  public static final class Builder {
    private final List<Interceptor> limits = new ArrayList<>();
    private final List<Interceptor> guard = new ArrayList<>();
    private final List<Interceptor> cache = new ArrayList<>();
    private final List<Interceptor> ledger = new ArrayList<>();
    private StructuredOutput structured;
    private Router router = Router.NONE;
    private CircuitBreakers breakers = NO_BREAKERS;
    private RetryPolicy retry = RetryPolicy.DEFAULT;
    private GatewayListener listener = GatewayListener.NONE;
    private Interceptor provider;

    private Builder() {}

    /** Rate limits and budget reservation: may refuse a request before anything else runs. */
    public Builder limits(Interceptor i) {
      limits.add(Objects.requireNonNull(i, "limits"));
      return this;
    }

    /**
     * The guardrails: scan what a request sends before the cache and the upstream see it, and what
     * comes back (cached or not); may refuse either with {@code guard_blocked}.
     */
    public Builder guard(Interceptor i) {
      guard.add(Objects.requireNonNull(i, "guard"));
      return this;
    }

    /** A cache stage: may answer without calling an upstream. */
    public Builder cache(Interceptor i) {
      cache.add(Objects.requireNonNull(i, "cache"));
      return this;
    }

    /** Records every call (cache hits included) once its outcome is known. */
    public Builder ledger(Interceptor i) {
      ledger.add(Objects.requireNonNull(i, "ledger"));
      return this;
    }

    /** Checks, repairs and re-asks replies to requests with a JSON {@code response_format}. */
    public Builder structuredOutput(StructuredOutput s) {
      this.structured = Objects.requireNonNull(s, "structuredOutput");
      return this;
    }

    public Builder router(Router r) {
      this.router = Objects.requireNonNull(r, "router");
      return this;
    }

    public Builder breakers(CircuitBreakers b) {
      this.breakers = Objects.requireNonNull(b, "breakers");
      return this;
    }

    public Builder retry(RetryPolicy r) {
      this.retry = Objects.requireNonNull(r, "retry");
      return this;
    }

    public Builder listener(GatewayListener l) {
      this.listener = Objects.requireNonNull(l, "listener");
      return this;
    }

    /** Every request goes to {@code p} with its model unchanged (no router needed). */
    public Builder provider(Provider p) {
      this.provider = new ProviderInterceptor(Objects.requireNonNull(p, "provider"));
      return this;
    }

    /** Routed requests go to the provider their target names. */
    public Builder providers(List<Provider> ps) {
      this.provider = new TargetProviderInterceptor(ps);
      return this;
    }

    public Gateway build() {
      if (provider == null) throw new IllegalStateException("provider(s) not set");
      return new Gateway(
          interceptors(
              limits,
              guard,
              cache,
              structured == null ? List.of() : structured.stages(listener),
              router,
              ledger,
              breakers,
              retry,
              listener,
              provider));
    }
  }

  /**
   * The chain, outermost first. The order is the design; stages not built yet are marked where they
   * go:
   *
   * <ol>
   *   <li>auth: the key names tenant, user and limits (done before the chain, by the server)
   *   <li>ledger: records each call's outcome, tokens and cost, cache hits included
   *   <li>rate limit and budget reservation: may answer 429 without going further
   *   <li>guardrails: the request's user messages and tool results before it goes on (a block
   *       answers 400 {@code guard_blocked}, a redaction rewrites them, so the cache keys on the
   *       redacted text); the answer on its way back, cached or not, a stream as it arrives
   *   <li>cache: may answer from the cache without going further
   *   <li>structured output: checks and repairs a JSON reply, re-asks the rest of the chain when it
   *       is invalid (after the cache, so cached answers are checked ones; before the router, so
   *       each re-ask is routed and retried)
   *   <li>router: alias → weighted target and fallbacks
   *   <li>fallback and circuit breaker: the targets in order, skipping open breakers
   *   <li>retry: each target's attempts (inside the fallback, so every target gets its own)
   *   <li>provider: the one upstream call
   * </ol>
   */
  private static List<Interceptor> interceptors(
      List<Interceptor> limits,
      List<Interceptor> guard,
      List<Interceptor> cache,
      List<Interceptor> structured,
      Router router,
      List<Interceptor> ledger,
      CircuitBreakers breakers,
      RetryPolicy retry,
      GatewayListener listener,
      Interceptor provider) {
    List<Interceptor> chain = new ArrayList<>();
    chain.addAll(ledger);
    chain.addAll(limits);
    chain.addAll(guard);
    chain.addAll(cache);
    chain.addAll(structured);
    chain.add(new RouterInterceptor(router));
    chain.add(new FallbackInterceptor(breakers, listener));
    chain.add(new RetryInterceptor(retry, listener));
    chain.add(provider);
    return List.copyOf(chain);
  }
}
