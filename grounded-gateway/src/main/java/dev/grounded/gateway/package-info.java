/**
 * The LLM gateway. {@link dev.grounded.gateway.Gateway} is its entry point and the one place where
 * the interceptor chain is assembled; the stages live in their own packages ({@code chain} for the
 * contract and values, {@code provider} for upstreams, {@code routing} for aliases and rules,
 * {@code reliability} for retries, fallback and circuit breakers, {@code auth} for API keys).
 * {@code upstream.ChatClient} is the older blocking client still used by the answer and eval
 * modules.
 */
package dev.grounded.gateway;
