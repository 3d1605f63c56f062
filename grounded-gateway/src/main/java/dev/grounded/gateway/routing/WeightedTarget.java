package dev.grounded.gateway.routing;

import dev.grounded.gateway.chain.Target;
import java.util.Objects;

/**
 * One of an alias's primary targets and its share of the traffic.
 *
 * @param weight relative share, from 1 (a target with weight 3 gets three times the traffic of one
 *     with weight 1)
 */
public record WeightedTarget(Target target, int weight) {
  public WeightedTarget {
    Objects.requireNonNull(target, "target");
    if (weight < 1) throw new IllegalArgumentException("weight must be >= 1, not " + weight);
  }
}
