package dev.grounded.guard;

import dev.grounded.guard.redact.Redactor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The guards and the policy together: {@link #check} scans a text with every guard, decides each
 * finding's action and redacts. Thread-safe when its guards are.
 */
public final class Guardrails {
  /** No guards: every text passes unchanged. */
  public static final Guardrails NONE = new Guardrails(List.of(), GuardPolicy.DEFAULT);

  private final List<Guard> guards;
  private final GuardPolicy policy;
  private final String fingerprint;

  /** Guardrails named by their guards' classes (see {@link #fingerprint()}). */
  public Guardrails(List<Guard> guards, GuardPolicy policy) {
    this(
        guards,
        policy,
        String.join("+", guards.stream().map(g -> g.getClass().getName()).toList()));
  }

  /**
   * @param fingerprint names the detectors and their versions: findings stored with a chunk under
   *     another fingerprint are found again rather than trusted
   */
  public Guardrails(List<Guard> guards, GuardPolicy policy, String fingerprint) {
    this.guards = List.copyOf(guards);
    this.policy = Objects.requireNonNull(policy, "policy");
    this.fingerprint = Objects.requireNonNull(fingerprint, "fingerprint");
  }

  /** Which detectors these are (not the policy: stored findings stay valid when it changes). */
  public String fingerprint() {
    return fingerprint;
  }

  public GuardPolicy policy() {
    return policy;
  }

  public boolean isEmpty() {
    return guards.isEmpty();
  }

  /** Every guard's findings in {@code text}, ordered by start (no policy applied). */
  public List<Finding> scan(String text, Source source) {
    List<Finding> all = new ArrayList<>();
    for (Guard g : guards) all.addAll(g.scan(text, source));
    all.sort(Comparator.comparingInt(Finding::start).thenComparingInt(Finding::end));
    return all;
  }

  /** Scans {@code text} from {@code source} in a call's {@code scope} and applies the policy. */
  public Verdict check(String text, Source source, GuardScope scope) {
    Objects.requireNonNull(text, "text");
    return decide(text, scan(text, source), source, scope);
  }

  /** Applies the policy to findings already made (for example, stored with a chunk at ingest). */
  public Verdict decide(String text, List<Finding> findings, Source source, GuardScope scope) {
    Action strongest = Action.ALLOW;
    List<Verdict.Decision> decisions = new ArrayList<>();
    List<Finding> redact = new ArrayList<>();
    for (Finding f : findings) {
      Action a = policy.decide(f, source, scope);
      if (a == Action.ALLOW) continue;
      decisions.add(new Verdict.Decision(f, a));
      if (a == Action.REDACT || a == Action.PSEUDONYMIZE) redact.add(f);
      if (a.compareTo(strongest) > 0) strongest = a;
    }
    return new Verdict(strongest, decisions, Redactor.redact(text, redact));
  }
}
