package dev.grounded.gateway.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.gateway.routing.AliasDefinition;
import java.util.Locale;

/** What a registry entry is: a prompt template or a model alias definition. */
public enum Kind {
  /** A chat prompt template ({@link PromptTemplate}). */
  PROMPT,
  /** A gateway model alias: weighted targets and fallbacks ({@link AliasDefinition}). */
  MODEL;

  /** The stored name: {@code prompt} or {@code model}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Checks that {@code body} is a valid definition of this kind.
   *
   * @throws dev.grounded.core.GroundedException {@code invalid_request} naming the bad field
   */
  void validate(String name, ObjectNode body) {
    switch (this) {
      case PROMPT -> PromptTemplate.of(name, body);
      case MODEL -> AliasDefinition.of(name, body);
    }
  }
}
