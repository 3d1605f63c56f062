package dev.grounded.answer;

import dev.grounded.core.Chunk;
import dev.grounded.core.Hit;
import dev.grounded.core.Withheld;
import dev.grounded.guard.Action;
import dev.grounded.guard.Finding;
import dev.grounded.guard.FindingCodec;
import dev.grounded.guard.GuardScope;
import dev.grounded.guard.Guardrails;
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
    if (guardrails.isEmpty()) return NONE;
    return hits -> {
      List<Hit> kept = new ArrayList<>(hits.size());
      List<Withheld> withheld = new ArrayList<>();
      for (Hit h : hits) {
        Chunk c = h.chunk();
        Verdict v = guardrails.decide(c.text(), findings(guardrails, c), Source.CHUNK, scope);
        if (v.blocked())
          withheld.add(
              new Withheld(c.source(), c.documentId(), c.ordinal(), v.typesWith(Action.BLOCK)));
        else if (v.action() == Action.REDACT) kept.add(new Hit(c.withText(v.text()), h.score()));
        else kept.add(h);
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
