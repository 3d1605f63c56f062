package dev.grounded.guard;

import java.util.Locale;

/**
 * What a policy does with a finding, weakest first: the strongest action over a text's findings
 * wins.
 */
public enum Action {
  /** Nothing: the finding is not even recorded. */
  ALLOW,
  /** Recorded with the request, the text passes unchanged. */
  FLAG,
  /**
   * For a call to an upstream model: the span is replaced by a placeholder ({@code <EMAIL_1>}, the
   * same value the same placeholder) and the original put back into the model's answer. Where
   * nothing is restored (a retrieved chunk, an answer), it redacts.
   */
  PSEUDONYMIZE,
  /** The finding's span is replaced by a placeholder naming its type. */
  REDACT,
  /** The request (or chunk, or output) is refused with {@code guard_blocked}. */
  BLOCK;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Action of(String name) {
    for (Action a : values()) if (a.wireName().equalsIgnoreCase(name.trim())) return a;
    throw new IllegalArgumentException(
        "unknown guard action '" + name + "': expected allow, flag, pseudonymize, redact or block");
  }
}
