package dev.grounded.cli;

import dev.grounded.answer.AnswerPrompt;
import dev.grounded.eval.judge.JudgePrompt;
import dev.grounded.gateway.auth.Tenants;
import dev.grounded.gateway.registry.BuiltInPrompt;
import dev.grounded.gateway.registry.Kind;
import dev.grounded.gateway.registry.PromptTemplate;
import dev.grounded.gateway.registry.Registry;
import dev.grounded.gateway.registry.Rollout;
import dev.grounded.gateway.registry.Version;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Opens the registry of a data directory with Grounded's own prompts as built-ins, and reads the
 * versions the CLI's own model calls use (the default tenant's {@code production}).
 */
final class Prompts {
  private Prompts() {}

  /** Grounded's own prompts: version 1 of their names for every tenant. */
  static List<BuiltInPrompt> builtIns() {
    return List.of(AnswerPrompt.builtIn(), JudgePrompt.builtIn());
  }

  static Registry open(Path database) {
    return Registry.open(database, builtIns(), Clock.systemUTC());
  }

  /**
   * The default tenant's {@code production} version of Grounded's prompt {@code name}; the shipped
   * one when the data directory has no database yet (nothing is created for a read).
   */
  static Version production(Path database, String name) {
    if (!Files.exists(database))
      return new Version(
          Tenants.DEFAULT,
          Kind.PROMPT,
          name,
          1,
          builtIns().stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow().body(),
          "built-in",
          java.time.Instant.EPOCH);
    try (Registry r = open(database)) {
      return r.resolve(
              Tenants.DEFAULT,
              Kind.PROMPT,
              name,
              Optional.empty(),
              "",
              Rollout.subject("", "", "cli"))
          .orElseThrow()
          .version();
    }
  }

  /** The grounded-answer prompt the CLI's model answers use. */
  static AnswerPrompt answer(Path database) {
    Version v = production(database, AnswerPrompt.NAME);
    return new AnswerPrompt(PromptTemplate.of(v.name(), v.body()), v.ref());
  }

  /** The judges' instructions the CLI's judges use. */
  static JudgePrompt judge(Path database) {
    Version v = production(database, JudgePrompt.NAME);
    return new JudgePrompt(PromptTemplate.of(v.name(), v.body()), v.ref());
  }
}
