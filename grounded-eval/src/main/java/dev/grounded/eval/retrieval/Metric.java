package dev.grounded.eval.retrieval;

import dev.grounded.core.GroundedException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A measure at a cut-off, named {@code <measure>@<k>} ({@code ndcg@10}, {@code recall@100}, {@code
 * mrr@10}, {@code precision@5}, {@code map@100}).
 */
public record Metric(Measure measure, int k) {
  /** nDCG@10, recall@100 and MRR@10: the figures a BEIR run is usually reported with. */
  public static final List<Metric> DEFAULTS =
      List.of(
          new Metric(Measure.NDCG, 10),
          new Metric(Measure.RECALL, 100),
          new Metric(Measure.MRR, 10));

  public Metric {
    Objects.requireNonNull(measure, "measure");
    if (k < 1) throw new IllegalArgumentException("k must be >= 1: " + k);
  }

  /**
   * Parses a name such as {@code ndcg@10}; a user's typo is an {@code INVALID_REQUEST} saying what
   * is allowed.
   */
  public static Metric parse(String name) {
    Objects.requireNonNull(name, "name");
    int at = name.indexOf('@');
    if (at > 0) {
      Optional<Measure> measure = Measure.forLabel(name.substring(0, at));
      int k = parseCutoff(name.substring(at + 1));
      if (measure.isPresent() && k >= 1) return new Metric(measure.get(), k);
    }
    String labels =
        Arrays.stream(Measure.values()).map(Measure::label).collect(Collectors.joining(", "));
    throw GroundedException.invalid(
        "metric",
        "metric '" + name + "' is not <measure>@<k> with measure one of " + labels + " and k >= 1");
  }

  /** The name, e.g. {@code ndcg@10}. */
  public String name() {
    return measure.label() + "@" + k;
  }

  /** Scores one query's ranking against its qrels. */
  public double score(List<String> ranking, Map<String, Integer> qrels) {
    return measure.score(ranking, qrels, k);
  }

  @Override
  public String toString() {
    return name();
  }

  private static int parseCutoff(String text) {
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
