/**
 * The response cache stage and the semantic cache's verifier.
 *
 * <p>{@link dev.grounded.gateway.cache.CacheInterceptor} (plugged in with {@code
 * Gateway.builder().cache(...)}) answers from an in-memory store of earlier successful answers:
 * exactly matching requests ({@link dev.grounded.gateway.cache.CacheKeys}: canonical JSON of
 * everything that changes the answer, with tenant, model, prompt version and collection version),
 * and, when enabled, requests whose last user turn the verifier accepts. {@link
 * dev.grounded.gateway.cache.CacheControl} reads the caller's opt-out/opt-in and the temperature
 * rule; streams are recorded and assembled into a completion when they end well, and hits are
 * streamed back as synthesized chunks.
 *
 * <p>{@link dev.grounded.gateway.cache.SemanticMatch} compares the new prompt's last user turn with
 * a cached one, given both texts and their vectors, and returns a {@link
 * dev.grounded.gateway.cache.SemanticMatch.Verdict}: serve or miss, with a score and the reason.
 * Beyond the vectors' cosine it applies hard guards (differing numbers, a negation on one side
 * only) and a small logistic {@link dev.grounded.gateway.cache.PairClassifier} over lexical {@link
 * dev.grounded.gateway.cache.PairFeatures} (content-word overlap, words only one side has, unknown
 * names, length ratio), trained on STS-B train. {@link dev.grounded.gateway.cache.PromptTerms}
 * reads a turn's numbers, negation and words.
 *
 * <p>Vectors are passed in rather than computed here: the gateway does not depend on
 * grounded-embed; whoever builds the cache entry embeds the turn once and keeps the vector with the
 * entry ({@link dev.grounded.gateway.cache.TurnEmbedder}, the server's bge-small model).
 */
package dev.grounded.gateway.cache;
