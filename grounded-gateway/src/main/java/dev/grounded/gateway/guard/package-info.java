/**
 * The gateway's guard stage: {@link dev.grounded.gateway.guard.GuardInterceptor} runs the
 * guardrails (grounded-guard) on what a request sends (user messages as input, tool results as
 * retrieved data) and on what the model answers, whole or streamed ({@link
 * dev.grounded.gateway.guard.GuardedStream}), and applies the policy: flag (recorded in the call's
 * notes and as a {@link dev.grounded.gateway.chain.GatewayEvent.GuardActed} event), redact, or
 * block with {@code guard_blocked}. A block names the findings' types, never the text. One instance
 * serves all requests; a guarded stream belongs to its one consumer thread.
 */
package dev.grounded.gateway.guard;
