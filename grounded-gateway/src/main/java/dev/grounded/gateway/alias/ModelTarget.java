package dev.grounded.gateway.alias;

import java.util.Objects;

/**
 * Where an alias sends a request: a configured provider and the model name the upstream knows.
 *
 * @param provider the provider's configured name, e.g. {@code openai}
 * @param model the upstream's model, e.g. {@code gpt-4o-mini} or {@code meta-llama/Llama-3.1-8B}
 */
public record ModelTarget(String provider, String model) {
  public ModelTarget {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    if (provider.isBlank()) throw new IllegalArgumentException("a target needs a provider");
    if (model.isBlank()) throw new IllegalArgumentException("a target needs a model");
  }
}
