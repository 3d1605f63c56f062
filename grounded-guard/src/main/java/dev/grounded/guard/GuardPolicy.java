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
   * What Grounded does out of the box, after any configured rules:
   *
   * <ul>
   *   <li>an injection in a question (or user message) is blocked;
   *   <li>an injection in a retrieved chunk is blocked (the chunk is withheld from the context, its
   *       source named in the answer) when a rule found it (high severity: an explicit override, a
   *       forged delimiter); a chunk only the model suspects (medium) is flagged and quoted
   *       strictly as data, since the chunk model also suspects some ordinary technical prose;
   *   <li>secrets are redacted wherever they appear (not in documents at ingest);
   *   <li>content-policy findings of high severity (a deployment's word lists and patterns) are
   *       blocked in questions and answers; the built-in {@code harmful} model's are flagged;
   *   <li>everything else (PII, keyword stuffing, untrusted sources) is flagged.
   * </ul>
   */
  public static final List<GuardRule> DEFAULT_RULES =
      List.of(
          GuardRule.of(
              "default-injection-input", List.of("injection"), Set.of(Source.INPUT), Action.BLOCK),
          new GuardRule(
              "default-injection-chunk",
              List.of("injection"),
              Set.of(Source.CHUNK),
              Set.of(),
              List.of(),
              Severity.HIGH,
              0,
              Action.BLOCK),
          GuardRule.of(
              "default-secrets",
              List.of("secret"),
              Set.of(Source.INPUT, Source.CHUNK, Source.OUTPUT),
              Action.REDACT),
          new GuardRule(
              "default-policy",
              List.of("policy"),
              Set.of(Source.INPUT, Source.OUTPUT),
              Set.of(),
              List.of(),
              Severity.HIGH,
              0,
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
