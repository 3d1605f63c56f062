/**
 * The LLM gateway. {@link dev.grounded.gateway.Gateway} is its entry point and the one place where
 * the interceptor chain is assembled; the stages live in their own packages ({@code chain} for the
 * contract and values, {@code provider} for upstreams, {@code routing} for aliases and rules,
 * {@code reliability} for retries, fallback and circuit breakers, {@code auth} for API keys).
 * {@code client.ChatModel} is how Grounded itself calls a model (answer generators, judges): one
 * request through a gateway per call.
 */
package dev.grounded.gateway;
