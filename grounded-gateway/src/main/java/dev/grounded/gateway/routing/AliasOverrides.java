package dev.grounded.gateway.routing;

import dev.grounded.gateway.chain.ChatRequest;
import java.util.Optional;

/**
 * Definitions of aliases that take precedence over the configured ones for one request (the
 * registry's labelled versions). Implementations are thread-safe.
 */
@FunctionalInterface
public interface AliasOverrides {
  /** No overrides: the configured aliases apply. */
  AliasOverrides NONE = (name, request) -> Optional.empty();

  /** The definition of alias {@code name} {@code request} gets instead of the configured one. */
  Optional<Alias> find(String name, ChatRequest request);
}
