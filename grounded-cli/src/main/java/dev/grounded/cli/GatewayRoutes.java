package dev.grounded.cli;

import dev.grounded.core.config.Config;
import dev.grounded.core.config.SectionEntry;
import dev.grounded.gateway.chain.Target;
import dev.grounded.gateway.routing.Alias;
import dev.grounded.gateway.routing.Rule;
import dev.grounded.gateway.routing.WeightedTarget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code models.<alias>} and {@code gateway.rules.<name>} entries of {@code grounded.yaml} as
 * the router's {@link Alias}es and {@link Rule}s, each checked against the configured providers and
 * aliases; every error names the file and line of its entry.
 */
final class GatewayRoutes {
  private GatewayRoutes() {}

  static List<Alias> aliases(Config config, Set<String> providers) {
    String file = config.source();
    List<Alias> aliases = new ArrayList<>();
    for (SectionEntry m : config.entries(GroundedSettings.MODELS)) {
      if (m.name().startsWith("rag:"))
        throw GatewayPlan.error(file, m, "names starting with rag: are Grounded's own collections");
      if (m.name().equals(ServeCommand.EMBEDDING_MODEL))
        throw GatewayPlan.error(
            file, m, "is the name of the embedding model served at /v1/embeddings");
      Optional<String> provider = m.find(GroundedSettings.MODEL_PROVIDER);
      Optional<String> model = m.find(GroundedSettings.MODEL_MODEL);
      Optional<List<String>> targets = m.find(GroundedSettings.MODEL_TARGETS);
      List<Target> primaries = new ArrayList<>();
      if (targets.isPresent()) {
        if (provider.isPresent() || model.isPresent())
          throw GatewayPlan.error(file, m, "give either provider + model or targets, not both");
        if (targets.get().isEmpty()) throw GatewayPlan.error(file, m, "targets must not be empty");
        for (String t : targets.get()) primaries.add(target(file, m, t, providers));
      } else {
        if (provider.isEmpty()) throw GatewayPlan.error(file, m, "needs 'provider' (or 'targets')");
        if (model.isEmpty()) throw GatewayPlan.error(file, m, "needs 'model'");
        primaries.add(target(file, m, provider.get() + "/" + model.get(), providers));
      }
      List<Integer> weights =
          m.find(GroundedSettings.MODEL_WEIGHTS)
              .orElse(java.util.Collections.nCopies(primaries.size(), 1));
      if (weights.size() != primaries.size())
        throw GatewayPlan.error(
            file,
            m,
            "weights has "
                + weights.size()
                + " values for "
                + primaries.size()
                + " targets: give one per target");
      List<WeightedTarget> weighted = new ArrayList<>();
      for (int i = 0; i < primaries.size(); i++)
        weighted.add(new WeightedTarget(primaries.get(i), weights.get(i)));
      List<Target> fallbacks = new ArrayList<>();
      for (String t : m.get(GroundedSettings.MODEL_FALLBACKS))
        fallbacks.add(target(file, m, t, providers));
      try {
        aliases.add(new Alias(m.name(), weighted, fallbacks));
      } catch (IllegalArgumentException e) {
        throw GatewayPlan.error(file, m, e.getMessage());
      }
    }
    return List.copyOf(aliases);
  }

  /** {@code provider/model}, split at the first {@code /} (model names may contain more). */
  private static Target target(String file, SectionEntry m, String text, Set<String> providers) {
    int slash = text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1)
      throw GatewayPlan.error(
          file, m, "target '" + text + "' is not provider/model (e.g. openai/gpt-4o-mini)");
    String provider = text.substring(0, slash).strip();
    if (!providers.contains(provider))
      throw GatewayPlan.error(
          file,
          m,
          "provider '"
              + provider
              + "' is not configured"
              + (providers.isEmpty()
                  ? " (add a providers." + provider + ".base_url)"
                  : " (providers: " + String.join(", ", providers) + ")"));
    String model = text.substring(slash + 1).strip();
    if (model.isEmpty()) throw GatewayPlan.error(file, m, "model must not be empty");
    return new Target(provider, model);
  }

  static List<Rule> rules(Config config, List<Alias> aliases) {
    String file = config.source();
    Set<String> names = new java.util.HashSet<>();
    for (Alias a : aliases) names.add(a.name());
    List<Rule> rules = new ArrayList<>();
    for (SectionEntry r : config.entries(GroundedSettings.RULES)) {
      String model = r.get(GroundedSettings.RULE_MODEL).strip();
      if (model.isEmpty() || model.startsWith("rag:"))
        throw GatewayPlan.error(file, r, "model must be a name, not a rag: collection");
      String alias = r.get(GroundedSettings.RULE_ALIAS);
      if (!names.contains(alias))
        throw GatewayPlan.error(
            file, r, "alias '" + alias + "' is not configured (add models." + alias + ")");
      Optional<Pattern> prompt;
      try {
        prompt = r.find(GroundedSettings.RULE_PROMPT).map(Pattern::compile);
      } catch (PatternSyntaxException e) {
        throw GatewayPlan.error(
            file, r, "prompt_matches is not a regular expression: " + e.getDescription());
      }
      Map<String, String> metadata = new LinkedHashMap<>();
      for (String kv : r.get(GroundedSettings.RULE_METADATA))
        put(file, r, metadata, kv, "metadata", "");
      for (String kv : r.get(GroundedSettings.RULE_HEADERS))
        put(file, r, metadata, kv.toLowerCase(Locale.ROOT), "headers", Rule.HEADER);
      try {
        rules.add(new Rule(model, prompt, length(file, r), metadata, alias));
      } catch (IllegalArgumentException e) {
        throw GatewayPlan.error(file, r, e.getMessage());
      }
    }
    return List.copyOf(rules);
  }

  private static void put(
      String file,
      SectionEntry r,
      Map<String, String> into,
      String kv,
      String field,
      String prefix) {
    int eq = kv.indexOf('=');
    if (eq <= 0) throw GatewayPlan.error(file, r, field + " entry '" + kv + "' is not name=value");
    String key = kv.substring(0, eq).strip();
    if (field.equals("headers") && !key.startsWith("x-grounded-"))
      throw GatewayPlan.error(
          file, r, "headers: only x-grounded-* request headers reach the rules, not " + key);
    into.put(prefix + key, kv.substring(eq + 1).strip());
  }

  private static Rule.PromptLength length(String file, SectionEntry r) {
    Optional<Long> minC = r.find(GroundedSettings.RULE_MIN_CHARS);
    Optional<Long> maxC = r.find(GroundedSettings.RULE_MAX_CHARS);
    Optional<Long> minT = r.find(GroundedSettings.RULE_MIN_TOKENS);
    Optional<Long> maxT = r.find(GroundedSettings.RULE_MAX_TOKENS);
    boolean chars = minC.isPresent() || maxC.isPresent();
    boolean tokens = minT.isPresent() || maxT.isPresent();
    if (chars && tokens)
      throw GatewayPlan.error(file, r, "bound the length in chars or in tokens, not both");
    if (!chars && !tokens) return Rule.PromptLength.ANY;
    long min = (chars ? minC : minT).orElse(0L);
    long max = (chars ? maxC : maxT).orElse(Long.MAX_VALUE);
    if (max < min) throw GatewayPlan.error(file, r, "the minimum length is above the maximum");
    return new Rule.PromptLength(
        min, max, chars ? Rule.PromptLength.Unit.CHARACTERS : Rule.PromptLength.Unit.TOKENS);
  }
}
