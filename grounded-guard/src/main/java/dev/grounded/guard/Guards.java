package dev.grounded.guard;

import java.util.List;

/**
 * The detectors Grounded ships, all offline and CPU-only; {@link #builtIn()} is what runs by
 * default.
 */
public final class Guards {
  private Guards() {}

  /** Every built-in detector, in the order their findings are reported for equal spans. */
  public static List<Guard> builtIn() {
    return List.of();
  }
}
