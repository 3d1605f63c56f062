/**
 * The semantic cache's verifier: whether an answer cached for one prompt may serve another that is
 * worded differently.
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
 * entry. The cache store, its keys (tenant, model, prompt version, collection version) and the
 * server wiring are not in this package yet.
 */
package dev.grounded.gateway.cache;
