package dev.grounded.guard;

import dev.grounded.guard.injection.InjectionGuard;
import dev.grounded.guard.pii.PiiGuard;
import dev.grounded.guard.poisoning.KeywordStuffingGuard;
import dev.grounded.guard.policy.ContentPolicyGuard;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The detectors Grounded ships, all offline and CPU-only: prompt injection (rules and two linear
 * models), PII and secrets, content policy (the {@code harmful} model plus a deployment's own word
 * lists and patterns) and keyword stuffing. The models are loaded once, on first use, and shared.
 */
public final class Guards {
  /** Bumped whenever a built-in detector or its model changes what it finds. */
  public static final String BUILT_IN_VERSION = "2";

  private Guards() {}

  /** Loaded on first use: the committed models take a moment to read. */
  private static final class Loaded {
    static final InjectionGuard INJECTION = InjectionGuard.defaults();
    static final ContentPolicyGuard POLICY = harmfulFlaggedOnly(ContentPolicyGuard.defaults());
    static final PiiGuard PII = new PiiGuard();
    static final KeywordStuffingGuard STUFFING = new KeywordStuffingGuard();
  }

  /**
   * The built-in {@code harmful} classifier reports medium severity: the default policy blocks
   * high-severity policy findings (a deployment's own word lists and patterns) and flags the rest,
   * because the model also flags some benign questions (see README); a rule for {@code
   * policy.harmful} with action {@code block} makes it refuse.
   */
  private static ContentPolicyGuard harmfulFlaggedOnly(ContentPolicyGuard g) {
    List<ContentPolicyGuard.Classifier> medium = new ArrayList<>();
    for (ContentPolicyGuard.Classifier c : g.classifiers())
      medium.add(
          new ContentPolicyGuard.Classifier(c.name(), c.model(), c.threshold(), Severity.MEDIUM));
    return new ContentPolicyGuard(List.of(), medium);
  }

  /** The built-in detectors under {@code policy}. */
  public static Guardrails builtIn(GuardPolicy policy) {
    return builtIn(policy, List.of());
  }

  /**
   * The built-in detectors with a deployment's content-policy {@code categories} added, under
   * {@code policy}. The fingerprint names the categories too, so chunks scanned under other ones
   * are scanned again.
   */
  public static Guardrails builtIn(
      GuardPolicy policy, List<ContentPolicyGuard.Category> categories) {
    List<Guard> guards = new ArrayList<>(builtIn());
    String fingerprint = "builtin/" + BUILT_IN_VERSION;
    if (!categories.isEmpty()) {
      List<ContentPolicyGuard.Category> copy = List.copyOf(categories);
      guards.set(POLICY_AT, lazy(() -> Loaded.POLICY.withCategories(copy)));
      fingerprint += "+categories/" + digest(copy.toString());
    }
    return new Guardrails(guards, policy, fingerprint);
  }

  private static final int POLICY_AT = 2;

  /**
   * Every built-in detector, in the order their findings are reported for equal spans. The models
   * are read on the first scan, not here, so a command that scans nothing does not pay for them.
   */
  public static List<Guard> builtIn() {
    return List.of(
        lazy(() -> Loaded.INJECTION),
        lazy(() -> Loaded.PII),
        lazy(() -> Loaded.POLICY),
        lazy(() -> Loaded.STUFFING));
  }

  /** A guard made on its first scan (then kept), for detectors whose models take a moment. */
  static Guard lazy(java.util.function.Supplier<Guard> make) {
    return new Guard() {
      private volatile Guard made;

      @Override
      public List<Finding> scan(String text, Source source) {
        Guard g = made;
        if (g == null) {
          synchronized (this) {
            if (made == null) made = make.get();
            g = made;
          }
        }
        return g.scan(text, source);
      }
    };
  }

  private static String digest(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
