package dev.grounded.gateway.routing;

/** Embeds a prompt for the classifier router (the server's embedding model). Thread-safe. */
@FunctionalInterface
public interface PromptEmbedder {
  /** Refuses to embed: for models trained without the embedding feature. */
  PromptEmbedder NONE =
      text -> {
        throw new IllegalStateException("no embedding model to route with");
      };

  float[] embed(String text);
}
