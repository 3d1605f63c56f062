/**
 * Reliability stages of the gateway chain: {@link
 * dev.grounded.gateway.reliability.RetryInterceptor} retries retriable upstream failures with
 * jittered exponential back-off and {@code Retry-After}, bounded by a {@link
 * dev.grounded.gateway.reliability.RetryPolicy} and the request's deadline. Fallback to the next
 * target and a circuit breaker per target will join it here. Interceptors are thread-safe and keep
 * no per-request state; they sleep on the caller's thread and start none of their own.
 */
package dev.grounded.gateway.reliability;
