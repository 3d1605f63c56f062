package dev.grounded.answer;

import dev.grounded.core.Chunk;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.core.Hit;
import dev.grounded.core.Withheld;
import dev.grounded.gateway.chain.GatewayEvent;
import dev.grounded.gateway.chain.GatewayListener;
import dev.grounded.guard.Action;
import dev.grounded.guard.Finding;
import dev.grounded.guard.FindingCodec;
import dev.grounded.guard.GuardScope;
import dev.grounded.guard.Guardrails;
import dev.grounded.guard.Severity;
import dev.grounded.guard.Source;
import dev.grounded.guard.Verdict;
import java.util.ArrayList;
import java.util.List;

/** {@link AskGuard} over the guardrails, under one call's policy scope. */
record GuardrailsAskGuard(
    Guardrails guardrails,
    GuardScope scope,
    boolean untrustedCollection,
    String requestId,
    GatewayListener listener)
    implements AskGuard {
  @Override
  public AskGuard reportingTo(String id, GatewayListener l) {
    return new GuardrailsAskGuard(guardrails, scope, untrustedCollection, id, l);
  }

  /** Reports a verdict that did something (never the text). */
  private Verdict report(Verdict v, Source source) {
    if (v.action() == Action.ALLOW) return v;
    listener.onEvent(GatewayEvent.GuardActed.of(requestId.isEmpty() ? "-" : requestId, source, v));
    return v;
  }

  @Override
  public String question(String question) {
    Verdict v = report(guardrails.check(question, Source.INPUT, scope), Source.INPUT);
    if (v.blocked())
      throw new GroundedException(
          ErrorCode.GUARD_BLOCKED,
          "the question was blocked by guardrails: " + String.join(", ", v.typesWith(Action.BLOCK)),
          "question",
          null);
    return v.text();
  }

  @Override
  public Admitted admit(List<Hit> hits) {
    List<Hit> kept = new ArrayList<>(hits.size());
    List<Withheld> withheld = new ArrayList<>();
    for (Hit h : hits) {
      Chunk c =
          untrustedCollection ? h.chunk().withScan(h.chunk().scan().asUntrusted()) : h.chunk();
      List<Finding> found = new ArrayList<>(findings(guardrails, c));
      if (c.scan().untrusted())
        found.add(new Finding(UNTRUSTED, 0, c.text().length(), 1, Severity.LOW, "trust"));
      Verdict v = report(guardrails.decide(c.text(), found, Source.CHUNK, scope), Source.CHUNK);
      if (v.blocked()) {
        withheld.add(
            new Withheld(c.source(), c.documentId(), c.ordinal(), v.typesWith(Action.BLOCK)));
        continue;
      }
      Chunk admitted = v.action() == Action.REDACT ? c.withText(v.text()) : c;
      boolean strict =
          c.scan().untrusted()
              || v.decisions().stream()
                  .anyMatch(d -> d.finding().isA("injection") || d.finding().isA("anomaly"));
      if (strict) admitted = admitted.withScan(admitted.scan().asUntrusted());
      kept.add(admitted.equals(h.chunk()) ? h : new Hit(admitted, h.score()));
    }
    return new Admitted(kept, withheld);
  }

  /**
   * What the guardrails find in {@code c}: read from the chunk when the same detectors scanned it
   * at ingest, else scanned now.
   */
  static List<Finding> findings(Guardrails guardrails, Chunk c) {
    if (c.scan().by().equals(guardrails.fingerprint()))
      return FindingCodec.decode(c.scan().findings());
    return guardrails.scan(c.text(), Source.CHUNK);
  }
}
