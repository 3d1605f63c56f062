package dev.grounded.cli;

import dev.grounded.core.GroundedException;
import dev.grounded.core.config.Config;
import dev.grounded.core.config.SectionEntry;
import dev.grounded.gateway.chain.GatewayListener;
import dev.grounded.gateway.chain.Interceptor;
import dev.grounded.gateway.guard.GuardInterceptor;
import dev.grounded.gateway.guard.ToolAllowlist;
import dev.grounded.gateway.guard.ToolAllowlistInterceptor;
import dev.grounded.guard.Action;
import dev.grounded.guard.Finding;
import dev.grounded.guard.GuardPolicy;
import dev.grounded.guard.GuardRule;
import dev.grounded.guard.Guardrails;
import dev.grounded.guard.Guards;
import dev.grounded.guard.Severity;
import dev.grounded.guard.Source;
import dev.grounded.guard.policy.ContentPolicyGuard;
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
 * @param tools the tool allowlists ({@code guard.tools.*}), applied even when the detectors are off
 */
record GuardPlan(Guardrails guardrails, int holdBack, ToolAllowlist tools) {
  static GuardPlan of(Config config) {
    List<ToolAllowlist.Rule> tools = new ArrayList<>();
    for (SectionEntry e : config.entries(GroundedSettings.GUARD_TOOLS))
      tools.add(
          new ToolAllowlist.Rule(
              e.name(),
              Set.copyOf(e.get(GroundedSettings.GUARD_TOOLS_TENANTS)),
              Set.copyOf(e.get(GroundedSettings.GUARD_TOOLS_KEYS)),
              e.find(GroundedSettings.GUARD_TOOLS_ALLOW).orElseThrow()));
    ToolAllowlist allowlist = new ToolAllowlist(tools);
    if (!config.get(GroundedSettings.GUARD_ENABLED))
      return new GuardPlan(Guardrails.NONE, 0, allowlist);
    List<GuardRule> rules = new ArrayList<>();
    for (SectionEntry e : config.entries(GroundedSettings.GUARD_RULES)) rules.add(rule(config, e));
    List<ContentPolicyGuard.Category> categories = new ArrayList<>();
    for (SectionEntry e : config.entries(GroundedSettings.GUARD_CATEGORIES))
      categories.add(category(config, e));
    return new GuardPlan(
        Guards.builtIn(GuardPolicy.withRules(rules), categories),
        config.get(GroundedSettings.GUARD_STREAM_HOLD_BACK),
        allowlist);
  }

  private static ContentPolicyGuard.Category category(Config config, SectionEntry e) {
    String where = config.source() + ":" + e.line() + ": 'guard.categories." + e.name() + "': ";
    List<String> patterns = e.get(GroundedSettings.GUARD_CATEGORY_PATTERNS);
    for (String p : patterns)
      try {
        java.util.regex.Pattern.compile(p);
      } catch (java.util.regex.PatternSyntaxException x) {
        throw GroundedException.invalid(
            "guard.categories." + e.name() + ".patterns",
            where + "'" + p + "' is not a regular expression: " + x.getDescription());
      }
    try {
      return new ContentPolicyGuard.Category(
          e.name(),
          e.get(GroundedSettings.GUARD_CATEGORY_WORDS),
          patterns,
          Severity.of(e.get(GroundedSettings.GUARD_CATEGORY_SEVERITY)));
    } catch (IllegalArgumentException x) {
      throw GroundedException.invalid("guard.categories." + e.name(), where + x.getMessage());
    }
  }

  private static GuardRule rule(Config config, SectionEntry e) {
    Set<Source> sources = new HashSet<>();
    for (String s : e.get(GroundedSettings.GUARD_RULE_SOURCES)) sources.add(Source.of(s));
    for (String type : e.get(GroundedSettings.GUARD_RULE_TYPES))
      if (!type.equals("*") && !Finding.isValidType(type))
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

  /**
   * The gateway's guard stages: the tool allowlists, then the detectors (each when it has work).
   */
  List<Interceptor> interceptors(GatewayListener listener) {
    List<Interceptor> stages = new ArrayList<>();
    if (!tools.rules().isEmpty()) stages.add(new ToolAllowlistInterceptor(tools));
    if (!guardrails.isEmpty()) stages.add(new GuardInterceptor(guardrails, listener, holdBack));
    return stages;
  }
}
