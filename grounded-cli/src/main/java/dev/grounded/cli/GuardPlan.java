package dev.grounded.cli;

import dev.grounded.core.GroundedException;
import dev.grounded.core.config.Config;
import dev.grounded.core.config.SectionEntry;
import dev.grounded.gateway.chain.GatewayListener;
import dev.grounded.gateway.guard.GuardInterceptor;
import dev.grounded.guard.Action;
import dev.grounded.guard.GuardPolicy;
import dev.grounded.guard.GuardRule;
import dev.grounded.guard.Guardrails;
import dev.grounded.guard.Guards;
import dev.grounded.guard.Severity;
import dev.grounded.guard.Source;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The guardrails as {@code grounded.yaml} describes them ({@code guard.*}): the built-in detectors
 * under the configured rules, then the built-in ones ({@link GuardPolicy#DEFAULT_RULES}).
 *
 * @param guardrails what runs; {@link Guardrails#NONE} when {@code guard.enabled} is false
 * @param holdBack characters of a streamed answer held back for redaction
 */
record GuardPlan(Guardrails guardrails, int holdBack) {
  static GuardPlan of(Config config) {
    if (!config.get(GroundedSettings.GUARD_ENABLED)) return new GuardPlan(Guardrails.NONE, 0);
    List<GuardRule> rules = new ArrayList<>();
    for (SectionEntry e : config.entries(GroundedSettings.GUARD_RULES)) rules.add(rule(config, e));
    return new GuardPlan(
        new Guardrails(Guards.builtIn(), GuardPolicy.withRules(rules)),
        config.get(GroundedSettings.GUARD_STREAM_HOLD_BACK));
  }

  private static GuardRule rule(Config config, SectionEntry e) {
    Set<Source> sources = new HashSet<>();
    for (String s : e.get(GroundedSettings.GUARD_RULE_SOURCES)) sources.add(Source.of(s));
    for (String type : e.get(GroundedSettings.GUARD_RULE_TYPES))
      if (!type.equals("*") && !type.matches("[a-z0-9_]+(\\.[a-z0-9_]+)*"))
        throw GroundedException.invalid(
            "guard.rules." + e.name() + ".types",
            config.source()
                + ":"
                + e.line()
                + ": 'guard.rules."
                + e.name()
                + "': type '"
                + type
                + "' must be lower-case words joined by dots (pii, pii.email) or *");
    return new GuardRule(
        e.name(),
        e.get(GroundedSettings.GUARD_RULE_TYPES),
        sources,
        Set.copyOf(e.get(GroundedSettings.GUARD_RULE_TENANTS)),
        e.get(GroundedSettings.GUARD_RULE_MODELS),
        Severity.of(e.get(GroundedSettings.GUARD_RULE_MIN_SEVERITY)),
        e.get(GroundedSettings.GUARD_RULE_MIN_SCORE),
        Action.of(e.find(GroundedSettings.GUARD_RULE_ACTION).orElseThrow()));
  }

  /** The gateway's guard stage, or null when the guardrails are off. */
  GuardInterceptor interceptor(GatewayListener listener) {
    return guardrails.isEmpty() ? null : new GuardInterceptor(guardrails, listener, holdBack);
  }
}
