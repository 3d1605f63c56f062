package dev.grounded.gateway.routing;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.Target;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Routes by configuration: the first {@link Rule} that matches picks an alias, else the requested
 * model must itself be an {@link Alias}; the alias's targets are then ordered with weights drawn
 * from the {@code random} passed in (seeded in tests). Thread-safe: draws are serialized.
 */
public final class AliasRouter implements Router {
  private final Map<String, Alias> aliases;
  private final List<Rule> rules;
  private final RandomGenerator random;
  private final AliasOverrides overrides;

  /**
   * @param aliases every alias, by name unique
   * @param rules tried in order; each must name a listed alias
   * @param random draws the weighted first choice
   */
  public AliasRouter(List<Alias> aliases, List<Rule> rules, RandomGenerator random) {
    this(aliases, rules, random, AliasOverrides.NONE);
  }

  /**
   * As {@link #AliasRouter(List, List, RandomGenerator)}, with {@code overrides} consulted first
   * for the alias a request goes to (a configured alias only: the others stay unknown models).
   */
  public AliasRouter(
      List<Alias> aliases, List<Rule> rules, RandomGenerator random, AliasOverrides overrides) {
    Map<String, Alias> byName = new HashMap<>();
    for (Alias a : Objects.requireNonNull(aliases, "aliases"))
      if (byName.put(a.name(), a) != null)
        throw new IllegalArgumentException("alias '" + a.name() + "' is defined twice");
    this.aliases = Map.copyOf(byName);
    this.rules = List.copyOf(Objects.requireNonNull(rules, "rules"));
    for (Rule r : this.rules)
      if (!this.aliases.containsKey(r.alias()))
        throw new IllegalArgumentException(
            "a rule for model '" + r.model() + "' names unknown alias '" + r.alias() + "'");
    this.random = Objects.requireNonNull(random, "random");
    this.overrides = Objects.requireNonNull(overrides, "overrides");
  }

  @Override
  public List<Target> route(ChatRequest request) {
    String name = request.model();
    for (Rule r : rules)
      if (r.matches(request)) {
        name = r.alias();
        break;
      }
    Alias alias = aliases.get(name);
    if (alias != null) alias = overrides.find(name, request).orElse(alias);
    if (alias == null)
      throw new GroundedException(
          ErrorCode.MODEL_NOT_FOUND,
          "the model '" + request.model() + "' does not exist or no rule routes this request",
          "model",
          null);
    synchronized (random) {
      return alias.order(random);
    }
  }
}
