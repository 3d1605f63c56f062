package dev.grounded.gateway.routing;

import java.util.Objects;

/**
 * A model name the classifier router decides: requests for {@code name} go to the alias {@code
 * strong} when the model's probability for their last user message is at least {@code threshold},
 * else to {@code cheap}.
 */
public record ClassifiedAlias(
    String name, RouterModel model, String cheap, String strong, double threshold) {
  public ClassifiedAlias {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(cheap, "cheap");
    Objects.requireNonNull(strong, "strong");
    if (name.equals(cheap) || name.equals(strong))
      throw new IllegalArgumentException("classified model '" + name + "' cannot route to itself");
    if (!(threshold >= 0 && threshold <= 1))
      throw new IllegalArgumentException("threshold must be in [0, 1], not " + threshold);
  }

  /** The alias a prompt goes to, given the model's probability that it needs the strong one. */
  public String choose(double probability) {
    return probability >= threshold ? strong : cheap;
  }
}
