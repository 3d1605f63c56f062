/**
 * The router stage: a {@link dev.grounded.gateway.routing.Router} turns the requested model into
 * the ordered {@link dev.grounded.gateway.chain.Target}s to try, which {@link
 * dev.grounded.gateway.routing.RouterInterceptor} puts on the request for the fallback stage. The
 * configured router, {@link dev.grounded.gateway.routing.AliasRouter}, applies {@link
 * dev.grounded.gateway.routing.Rule}s (regex on the last user message, prompt length, caller and
 * request metadata) to pick an {@link dev.grounded.gateway.routing.Alias}, whose first target is
 * drawn by weight from a random generator passed in, followed by its other targets and fallbacks.
 * All values are validated records; routers are thread-safe. {@code PromptText} is internal.
 */
package dev.grounded.gateway.routing;
