/**
 * Reliability stages of the gateway chain: {@link
 * dev.grounded.gateway.reliability.RetryInterceptor} retries retriable upstream failures with
 * jittered exponential back-off and {@code Retry-After}, bounded by a {@link
 * dev.grounded.gateway.reliability.RetryPolicy} and the request's deadline; {@link
 * dev.grounded.gateway.reliability.FallbackInterceptor}, in front of it, tries a routed request's
 * targets in order, skipping those whose {@link dev.grounded.gateway.reliability.CircuitBreaker}
 * (one per target, in {@link dev.grounded.gateway.reliability.CircuitBreakers}) is open. Only
 * retriable failures fail over or count against a breaker. Interceptors are thread-safe and keep no
 * per-request state; they sleep on the caller's thread and start none of their own.
 */
package dev.grounded.gateway.reliability;
