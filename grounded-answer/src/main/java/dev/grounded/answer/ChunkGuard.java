package dev.grounded.answer;

import dev.grounded.core.Chunk;
import dev.grounded.core.Hit;
import dev.grounded.core.Withheld;
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
import java.util.Objects;

/**
 * The chunk guard of the ask pipeline: between retrieval and generation, every retrieved chunk is
 * scanned as {@link Source#CHUNK} (indirect injection: a corpus is an attack surface too). A chunk
 * the policy blocks is withheld from the context and named in the answer; a redacted chunk goes on
 * with its spans replaced; the rest pass unchanged.
 */
public interface ChunkGuard {
  /**
   * The finding type a chunk of an untrusted document carries (its whole text): flagged by default,
   * so it is quoted strictly as data; a rule giving it {@code block} keeps such chunks out of
   * answers.
   */
  String UNTRUSTED = "source.untrusted";

  /** Admits every chunk. */
  ChunkGuard NONE = hits -> new Admitted(hits, List.of());

  /** The hits that may reach the generator, in their order, and the ones withheld. */
  Admitted admit(List<Hit> hits);

  record Admitted(List<Hit> hits, List<Withheld> withheld) {
    public Admitted {
      hits = List.copyOf(hits);
      withheld = List.copyOf(withheld);
    }
  }

  /** {@code guardrails} applied to each chunk under the policy for {@code scope}. */
  static ChunkGuard of(Guardrails guardrails, GuardScope scope) {
    Objects.requireNonNull(guardrails, "guardrails");
    Objects.requireNonNull(scope, "scope");
    if (guardrails == Guardrails.NONE) return NONE;
    return hits -> {
      List<Hit> kept = new ArrayList<>(hits.size());
      List<Withheld> withheld = new ArrayList<>();
      for (Hit h : hits) {
        Chunk c = h.chunk();
        List<Finding> found = new ArrayList<>(findings(guardrails, c));
        if (c.scan().untrusted())
          found.add(new Finding(UNTRUSTED, 0, c.text().length(), 1, Severity.LOW, "trust"));
        Verdict v = guardrails.decide(c.text(), found, Source.CHUNK, scope);
        if (v.blocked()) {
          withheld.add(
              new Withheld(c.source(), c.documentId(), c.ordinal(), v.typesWith(Action.BLOCK)));
          continue;
        }
        Chunk admitted = v.action() == Action.REDACT ? c.withText(v.text()) : c;
        // an untrusted source, or one flagged as an injection or a poisoning anomaly, is quoted
        // strictly
        boolean strict =
            c.scan().untrusted()
                || v.decisions().stream()
                    .anyMatch(d -> d.finding().isA("injection") || d.finding().isA("anomaly"));
        if (strict) admitted = admitted.withScan(admitted.scan().asUntrusted());
        kept.add(admitted.equals(c) ? h : new Hit(admitted, h.score()));
      }
      return new Admitted(kept, withheld);
    };
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
