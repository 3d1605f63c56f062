package dev.grounded.gateway.alias;

import java.util.List;
import java.util.Objects;

/**
 * A model name clients use, and the targets behind it in order of preference. Only the first target
 * is used in this increment; the rest are the fallbacks a later fallback interceptor tries.
 *
 * @param name what clients send as {@code model}; never starts with {@code rag:} (Grounded's own
 *     collections)
 * @param targets at least one
 */
public record ModelAlias(String name, List<ModelTarget> targets) {
  public ModelAlias {
    Objects.requireNonNull(name, "name");
    targets = List.copyOf(targets);
    if (name.isBlank()) throw new IllegalArgumentException("an alias needs a name");
    if (name.startsWith("rag:"))
      throw new IllegalArgumentException(
          "alias " + name + ": names starting with rag: are Grounded's collections");
    if (targets.isEmpty()) throw new IllegalArgumentException("alias " + name + " has no target");
  }

  /** The preferred target. */
  public ModelTarget primary() {
    return targets.getFirst();
  }
}
