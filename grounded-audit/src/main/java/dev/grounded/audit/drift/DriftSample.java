package dev.grounded.audit.drift;

import dev.grounded.core.Answer;
import dev.grounded.core.Citation;
import dev.grounded.core.Hit;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the drift monitor keeps of one sampled answer, scored offline as it was given: whether it
 * abstained, the mean support score of its citations (NaN for none), the best retrieval score, how
 * many guardrail actions it drew and how many chunks were withheld.
 */
public record DriftSample(
    Instant at,
    String tenant,
    String collection,
    boolean abstained,
    double support,
    double topScore,
    int findings,
    int withheld) {
  public DriftSample {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(collection, "collection");
  }

  /** The sample of {@code answer}, given from {@code context}, with {@code findings} actions. */
  public static DriftSample of(
      Instant at,
      String tenant,
      String collection,
      Answer answer,
      List<Hit> context,
      int findings) {
    double support = Double.NaN;
    if (!answer.citations().isEmpty()) {
      double sum = 0;
      for (Citation c : answer.citations()) sum += c.score();
      support = sum / answer.citations().size();
    }
    double top = Double.NaN;
    for (Hit h : context) top = Double.isNaN(top) ? h.score() : Math.max(top, h.score());
    return new DriftSample(
        at,
        tenant,
        collection,
        answer.abstained(),
        support,
        top,
        findings,
        answer.withheld().size());
  }
}
