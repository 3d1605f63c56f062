package dev.grounded.guard;

import dev.grounded.guard.pii.PiiGuard;
import dev.grounded.guard.poisoning.KeywordStuffingGuard;
import java.util.List;

/**
 * The detectors Grounded ships, all offline and CPU-only; {@link #builtIn()} is what runs by
 * default.
 */
public final class Guards {
  /** Bumped whenever a built-in detector or its model changes what it finds. */
  public static final String BUILT_IN_VERSION = "1";

  private Guards() {}

  /** The built-in detectors under {@code policy}. */
  public static Guardrails builtIn(GuardPolicy policy) {
    return new Guardrails(builtIn(), policy, "builtin/" + BUILT_IN_VERSION);
  }

  /** Every built-in detector, in the order their findings are reported for equal spans. */
  public static List<Guard> builtIn() {
    return List.of(new PiiGuard(), new KeywordStuffingGuard());
  }
}
