package dev.grounded.gateway.routing;

import dev.grounded.gateway.chain.Target;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * A model name callers use ({@code model: "fast"}) standing for upstream targets: the first choice
 * is drawn among {@code targets} by weight; the other targets follow in their declared order, then
 * {@code fallbacks} in theirs.
 *
 * @param name what callers put in {@code model}
 * @param targets the weighted primaries; at least one
 * @param fallbacks tried in order when every primary failed or its breaker is open; may be empty
 */
public record Alias(String name, List<WeightedTarget> targets, List<Target> fallbacks) {
  public Alias {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) throw new IllegalArgumentException("alias name must not be blank");
    targets = List.copyOf(Objects.requireNonNull(targets, "targets"));
    fallbacks = List.copyOf(Objects.requireNonNull(fallbacks, "fallbacks"));
    if (targets.isEmpty())
      throw new IllegalArgumentException("alias '" + name + "' needs at least one target");
    Set<Target> seen = new LinkedHashSet<>();
    for (WeightedTarget t : targets)
      if (!seen.add(t.target()))
        throw new IllegalArgumentException("alias '" + name + "' lists " + t.target() + " twice");
    for (Target t : fallbacks)
      if (!seen.add(t))
        throw new IllegalArgumentException("alias '" + name + "' lists " + t + " twice");
  }

  /** The order to try this alias's targets in, the first drawn by weight with {@code random}. */
  public List<Target> order(RandomGenerator random) {
    long total = 0;
    for (WeightedTarget t : targets) total += t.weight();
    long draw = random.nextLong(total);
    int first = 0;
    long upTo = targets.getFirst().weight();
    while (upTo <= draw) upTo += targets.get(++first).weight();
    List<Target> order = new ArrayList<>(targets.size() + fallbacks.size());
    order.add(targets.get(first).target());
    for (int i = 0; i < targets.size(); i++) if (i != first) order.add(targets.get(i).target());
    order.addAll(fallbacks);
    return List.copyOf(order);
  }
}
