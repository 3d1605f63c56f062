package dev.grounded.gateway.registry;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a label points: a version, and optionally a split sending a share of the traffic to
 * another.
 *
 * @param name the label, e.g. {@code production}
 * @param version the version the label serves (outside the split)
 * @param split the other version and its share; empty for none
 * @param at when the label was last moved
 */
public record Label(String name, int version, Optional<Split> split, Instant at) {
  public Label {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(split, "split");
    Objects.requireNonNull(at, "at");
    if (version < 1) throw new IllegalArgumentException("version must be >= 1, not " + version);
    if (split.isPresent() && split.get().version() == version)
      throw dev.grounded.core.GroundedException.invalid(
          "split", "a split must send traffic to another version than " + version);
  }

  /** {@code 3}, or {@code 3 (10% -> 4)} with a split. */
  public String describe() {
    return split
        .map(s -> version + " (" + s.percent() + "% -> " + s.version() + ")")
        .orElse(Integer.toString(version));
  }

  /** The same target as {@code other} (version and split), whenever it was set. */
  boolean sameTarget(Label other) {
    return version == other.version && split.equals(other.split);
  }
}
