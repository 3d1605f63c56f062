package dev.grounded.gateway.chain;

/**
 * One stage of the gateway. Observes, rewrites or answers a request: calls {@link
 * Chain#proceed(ChatRequest)} to hand it to the rest of the chain, or returns a response of its own
 * without calling it (a cache hit, a budget refusal). May call {@code proceed} again only after the
 * previous call threw (a retry); never returns null. Implementations are thread-safe: one instance
 * serves every request.
 */
public interface Interceptor {
  ChatResponse intercept(Chain chain);
}
