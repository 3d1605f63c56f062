package dev.grounded.gateway.cache;

/**
 * Embeds a last user turn for the semantic cache. Grounded passes its local bge-small-en-v1.5 model
 * (passage vectors, no query instruction: the verifier's weights belong to that mode), the one
 * {@code /v1/embeddings} serves. Thread-safe.
 */
@FunctionalInterface
public interface TurnEmbedder {
  /** An L2-normalized vector for {@code text}. */
  float[] embed(String text);
}
