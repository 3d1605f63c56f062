/**
 * The gateway's interceptor chain, OkHttp style: every model call is a {@link
 * dev.grounded.gateway.chain.ChatRequest} (the caller's OpenAI JSON, who asked, a {@link
 * dev.grounded.gateway.chain.Deadline}) run through a list of {@link
 * dev.grounded.gateway.chain.Interceptor}s by {@link dev.grounded.gateway.chain.InterceptorChain},
 * which returns a {@link dev.grounded.gateway.chain.ChatResponse}: a whole completion or a {@link
 * dev.grounded.gateway.chain.ChunkStream} passed through chunk by chunk.
 *
 * <p>Contract: an interceptor calls {@code proceed} to continue or answers by itself (cache,
 * budget); it gets at most one response from {@code proceed} and may call again only after a call
 * threw (retry); it never returns null. The chain checks this and throws {@link
 * java.lang.IllegalStateException} naming the offender. Failures are {@link
 * dev.grounded.core.GroundedException}s whose {@code retriable()} tells retry and fallback stages
 * whether another attempt can help. Stages report what they did to a {@link
 * dev.grounded.gateway.chain.GatewayListener}, not to a logger.
 *
 * <p>Threading: interceptors are shared by all requests and must be thread-safe; a chain object and
 * a chunk stream belong to the one thread handling the request. Values are immutable records. The
 * order of the stages is fixed in {@link dev.grounded.gateway.Gateway}.
 */
package dev.grounded.gateway.chain;
