package dev.grounded.gateway.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.GroundedException;
import java.util.Objects;
import java.util.Set;

/**
 * A prompt Grounded itself uses (the grounded answer's, a judge's): its shipped definition is
 * version 1 of {@code name} for every tenant, labelled {@code production}, until the tenant stores
 * versions of its own; a tenant's new version must still use every {@code required} variable (the
 * code fills them in: a grounded answer without its sources would not be grounded).
 */
public record BuiltInPrompt(String name, ObjectNode body, Set<String> required) {
  public BuiltInPrompt {
    Registry.checkName(name);
    body = Objects.requireNonNull(body, "body").deepCopy();
    required = Set.copyOf(required);
    PromptTemplate t = PromptTemplate.of(name, body);
    if (!t.variables().containsAll(required))
      throw new IllegalArgumentException(name + " does not use every required variable");
  }

  @Override
  public ObjectNode body() {
    return body.deepCopy();
  }

  /** The shipped definition as a template. */
  public PromptTemplate template() {
    return PromptTemplate.of(name, body);
  }

  void check(ObjectNode candidate) {
    Set<String> used = PromptTemplate.of(name, candidate).variables();
    for (String r : new java.util.TreeSet<>(required))
      if (!used.contains(r))
        throw GroundedException.invalid(
            "messages",
            "prompt '"
                + name
                + "' is Grounded's own: a new version must use {{"
                + r
                + "}}"
                + " (it must use "
                + String.join(", ", new java.util.TreeSet<>(required))
                + ")");
  }
}
