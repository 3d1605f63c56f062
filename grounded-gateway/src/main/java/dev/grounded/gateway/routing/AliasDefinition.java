package dev.grounded.gateway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.chain.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An alias as the registry stores its versions, in the words of {@code grounded.yaml}'s {@code
 * models.<alias>}: {@code {"targets": ["openai/gpt-4o-mini", "groq/llama-3.1-8b"], "weights": [3,
 * 1], "fallbacks": ["anthropic/claude-3-5-haiku"]}} ({@code weights} and {@code fallbacks} may be
 * left out).
 */
public final class AliasDefinition {
  private AliasDefinition() {}

  /**
   * The alias {@code name} this body defines.
   *
   * @throws GroundedException {@code invalid_request} naming the bad field
   */
  public static Alias of(String name, ObjectNode body) {
    for (var it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!Set.of("targets", "weights", "fallbacks").contains(f))
        throw GroundedException.invalid(
            f, "alias '" + name + "': unknown field '" + f + "' (targets, weights, fallbacks)");
    }
    List<Target> targets = targets(name, body, "targets");
    if (targets.isEmpty())
      throw GroundedException.invalid("targets", "alias '" + name + "' needs at least one target");
    JsonNode w = body.get("weights");
    List<WeightedTarget> weighted = new ArrayList<>();
    if (w != null && (!w.isArray() || w.size() != targets.size()))
      throw GroundedException.invalid(
          "weights", "alias '" + name + "': give one weight per target (" + targets.size() + ")");
    for (int i = 0; i < targets.size(); i++) {
      int weight = 1;
      if (w != null) {
        JsonNode n = w.get(i);
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 1)
          throw GroundedException.invalid(
              "weights", "alias '" + name + "': weights must be whole numbers >= 1");
        weight = n.asInt();
      }
      weighted.add(new WeightedTarget(targets.get(i), weight));
    }
    try {
      return new Alias(name, weighted, targets(name, body, "fallbacks"));
    } catch (IllegalArgumentException e) {
      throw GroundedException.invalid("targets", e.getMessage());
    }
  }

  /** Every provider the definition names (targets and fallbacks). */
  public static Set<String> providers(Alias alias) {
    Set<String> out = new java.util.TreeSet<>();
    alias.targets().forEach(t -> out.add(t.target().provider()));
    alias.fallbacks().forEach(t -> out.add(t.provider()));
    return out;
  }

  private static List<Target> targets(String name, ObjectNode body, String field) {
    JsonNode a = body.get(field);
    if (a == null) return List.of();
    if (!a.isArray())
      throw GroundedException.invalid(
          field, "alias '" + name + "': '" + field + "' must be an array of provider/model");
    List<Target> out = new ArrayList<>();
    for (JsonNode t : a) {
      String text = t.isTextual() ? t.asText().strip() : "";
      int slash = text.indexOf('/');
      if (slash <= 0 || slash == text.length() - 1)
        throw GroundedException.invalid(
            field,
            "alias '" + name + "': '" + t + "' is not provider/model (e.g. openai/gpt-4o-mini)");
      out.add(new Target(text.substring(0, slash).strip(), text.substring(slash + 1).strip()));
    }
    return out;
  }
}
