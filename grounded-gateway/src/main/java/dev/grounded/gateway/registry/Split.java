package dev.grounded.gateway.registry;

/**
 * A label's traffic split: {@code percent} of the subjects get {@code version} instead of the
 * label's main version.
 *
 * @param version the version the split sends traffic to (the canary)
 * @param percent the share of subjects it gets, 1 to 99
 */
public record Split(int version, int percent) {
  public Split {
    if (version < 1) throw new IllegalArgumentException("version must be >= 1, not " + version);
    if (percent < 1 || percent > 99)
      throw dev.grounded.core.GroundedException.invalid(
          "split", "a split's percentage must be from 1 to 99, not " + percent);
  }
}
