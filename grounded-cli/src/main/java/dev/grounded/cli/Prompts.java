package dev.grounded.cli;

import dev.grounded.answer.AnswerPrompt;
import dev.grounded.gateway.registry.Registry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** Opens the registry of a data directory with Grounded's own prompts as built-ins. */
final class Prompts {
  private Prompts() {}

  /** Grounded's own prompts: version 1 of their names for every tenant. */
  static List<dev.grounded.gateway.registry.BuiltInPrompt> builtIns() {
    return List.of(AnswerPrompt.builtIn());
  }

  static Registry open(Path database) {
    return Registry.open(database, builtIns(), Clock.systemUTC());
  }
}
