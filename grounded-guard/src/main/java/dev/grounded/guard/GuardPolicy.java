package dev.grounded.guard;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Maps findings to actions: the first rule (in order) that matches a finding decides its action; a
 * finding no rule matches gets {@code fallback}. Immutable and thread-safe.
 *
 * @param rules tried in order (a configuration file's rules first, then {@link #DEFAULT_RULES})
 * @param fallback the action for findings no rule matches
 */
public record GuardPolicy(List<GuardRule> rules, Action fallback) {
  /**
   * What Grounded does out of the box, after any configured rules: injection in a question or a
   * retrieved chunk is blocked (a chunk is withheld from the prompt, its source named); secrets are
   * redacted wherever they appear; content-policy violations are blocked in questions and answers;
   * everything else (PII included) is flagged. Documents at ingest are only flagged: a flagged
   * chunk is stored with its findings and withheld when retrieved.
   */
  public static final List<GuardRule> DEFAULT_RULES =
      List.of(
          GuardRule.of(
              "default-injection",
              List.of("injection"),
              Set.of(Source.INPUT, Source.CHUNK),
              Action.BLOCK),
          GuardRule.of(
              "default-secrets",
              List.of("secret"),
              Set.of(Source.INPUT, Source.CHUNK, Source.OUTPUT),
              Action.REDACT),
          GuardRule.of(
              "default-policy",
              List.of("policy"),
              Set.of(Source.INPUT, Source.OUTPUT),
              Action.BLOCK));

  public static final GuardPolicy DEFAULT = new GuardPolicy(DEFAULT_RULES, Action.FLAG);

  public GuardPolicy {
    rules = List.copyOf(rules);
    Objects.requireNonNull(fallback, "fallback");
  }

  /** The configured rules tried first, then the defaults. */
  public static GuardPolicy withRules(List<GuardRule> configured) {
    List<GuardRule> all = new java.util.ArrayList<>(configured);
    all.addAll(DEFAULT_RULES);
    return new GuardPolicy(all, Action.FLAG);
  }

  /** The action for {@code f} found in a text from {@code source} of a call in {@code scope}. */
  public Action decide(Finding f, Source source, GuardScope scope) {
    for (GuardRule r : rules) if (r.matches(f, source, scope)) return r.action();
    return fallback;
  }
}
