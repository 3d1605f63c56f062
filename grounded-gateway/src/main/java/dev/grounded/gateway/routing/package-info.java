/**
 * The router stage: a {@link dev.grounded.gateway.routing.Router} turns the requested model into
 * the ordered {@link dev.grounded.gateway.chain.Target}s to try, which {@link
 * dev.grounded.gateway.routing.RouterInterceptor} puts on the request for the fallback stage. The
 * configured router, {@link dev.grounded.gateway.routing.AliasRouter}, applies {@link
 * dev.grounded.gateway.routing.Rule}s (regex on the last user message, prompt length, caller and
 * request metadata) to pick an {@link dev.grounded.gateway.routing.Alias}, whose first target is
 * drawn by weight from a random generator passed in, followed by its other targets and fallbacks.
 * {@link dev.grounded.gateway.routing.ClassifierRouter} wraps a router: a request for a {@link
 * dev.grounded.gateway.routing.ClassifiedAlias} is routed as its cheap or its strong alias, by a
 * {@link dev.grounded.gateway.routing.RouterModel} (logistic regression over {@link
 * dev.grounded.gateway.routing.PromptFeatures} of the last user message, its embedding included,
 * trained by {@code grounded route train} and saved as JSON) and a threshold. All values are
 * validated records; routers are thread-safe. {@code PromptText} is internal.
 */
package dev.grounded.gateway.routing;
