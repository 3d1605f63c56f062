package dev.grounded.answer;

import dev.grounded.core.Hit;
import dev.grounded.core.Withheld;
import dev.grounded.gateway.chain.GatewayListener;
import dev.grounded.guard.GuardScope;
import dev.grounded.guard.Guardrails;
import java.util.List;
import java.util.Objects;

/**
 * The guardrails of the ask pipeline, at its two doors: the question before retrieval (direct
 * injection, PII, content policy: a block refuses the question with {@code guard_blocked}, a
 * redaction rewrites it), and every retrieved chunk before generation (indirect injection: a corpus
 * is an attack surface too). A chunk the policy blocks is withheld from the context and named in
 * the answer; a redacted chunk goes on with its spans replaced; a chunk from an untrusted source,
 * or flagged as an injection or a poisoning anomaly, goes on marked to be quoted strictly as data.
 */
public interface AskGuard {
  /**
   * The finding type a chunk of an untrusted document carries (its whole text): flagged by default,
   * so it is quoted strictly as data; a rule giving it {@code block} keeps such chunks out of
   * answers.
   */
  String UNTRUSTED = "source.untrusted";

  /** Admits every question and chunk unchanged. */
  AskGuard NONE =
      new AskGuard() {
        @Override
        public String question(String question) {
          return question;
        }

        @Override
        public Admitted admit(List<Hit> hits) {
          return new Admitted(hits, List.of());
        }
      };

  /**
   * The question to answer: {@code question} itself or redacted.
   *
   * @throws dev.grounded.core.GroundedException {@code guard_blocked} naming the findings' types
   */
  String question(String question);

  /** The hits that may reach the generator, in their order, and the ones withheld. */
  Admitted admit(List<Hit> hits);

  /**
   * This guard reporting what it did to a question or chunk (flag, redact, block: never the text)
   * to {@code listener} under {@code requestId}, as the gateway's guard stage reports its own.
   */
  default AskGuard reportingTo(String requestId, GatewayListener listener) {
    return this;
  }

  record Admitted(List<Hit> hits, List<Withheld> withheld) {
    public Admitted {
      hits = List.copyOf(hits);
      withheld = List.copyOf(withheld);
    }
  }

  /** {@code guardrails} under the policy for {@code scope}. */
  static AskGuard of(Guardrails guardrails, GuardScope scope) {
    return of(guardrails, scope, false);
  }

  /**
   * {@code guardrails} under the policy for {@code scope}; with {@code untrustedCollection}, every
   * chunk is treated as coming from an untrusted source.
   */
  static AskGuard of(Guardrails guardrails, GuardScope scope, boolean untrustedCollection) {
    Objects.requireNonNull(guardrails, "guardrails");
    Objects.requireNonNull(scope, "scope");
    if (guardrails == Guardrails.NONE) return NONE;
    return new GuardrailsAskGuard(guardrails, scope, untrustedCollection, "", GatewayListener.NONE);
  }
}
