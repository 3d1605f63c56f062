package dev.grounded.guard;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What the guardrails made of one text.
 *
 * @param action the strongest action over its findings ({@link Action#ALLOW} when none)
 * @param decisions every finding not allowed, with the action the policy gave it, ordered by start
 * @param text the text to pass on: the original, or with redacted (and pseudonymized) spans
 *     replaced (see {@link dev.grounded.guard.redact.Redactor})
 */
public record Verdict(Action action, List<Decision> decisions, String text) {
  /** One finding and what the policy decided for it. */
  public record Decision(Finding finding, Action action) {
    public Decision {
      Objects.requireNonNull(finding, "finding");
      Objects.requireNonNull(action, "action");
    }
  }

  public Verdict {
    Objects.requireNonNull(action, "action");
    decisions = List.copyOf(decisions);
    Objects.requireNonNull(text, "text");
  }

  public boolean blocked() {
    return action == Action.BLOCK;
  }

  /** The distinct types of the findings that got {@code a}, sorted: what a block message names. */
  public List<String> typesWith(Action a) {
    TreeSet<String> types = new TreeSet<>();
    for (Decision d : decisions) if (d.action() == a) types.add(d.finding().type());
    return List.copyOf(types);
  }
}
