package dev.grounded.gateway.chain;

import java.util.Objects;

/**
 * Where one upstream call goes: a configured provider and the model name it is sent with.
 *
 * @param provider the provider's configured name, e.g. {@code openai}
 * @param model the model as the provider knows it, e.g. {@code gpt-4o-mini}
 */
public record Target(String provider, String model) {
  public Target {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    if (provider.isBlank()) throw new IllegalArgumentException("provider must not be blank");
    if (model.isBlank()) throw new IllegalArgumentException("model must not be blank");
  }

  @Override
  public String toString() {
    return provider + "/" + model;
  }
}
