package dev.grounded.eval.retrieval;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The retrieval measures, each named as in a metric name such as {@code ndcg@10}. */
public enum Measure {
  NDCG("ndcg", RetrievalMetrics::ndcg),
  RECALL("recall", RetrievalMetrics::recall),
  MRR("mrr", RetrievalMetrics::mrr),
  PRECISION("precision", RetrievalMetrics::precision),
  MAP("map", RetrievalMetrics::averagePrecision);

  private final String label;
  private final Scorer scorer;

  Measure(String label, Scorer scorer) {
    this.label = label;
    this.scorer = scorer;
  }

  /** The lower-case name used before the {@code @}, e.g. {@code ndcg}. */
  public String label() {
    return label;
  }

  /** Scores one query; see {@link RetrievalMetrics} for the definitions. */
  public double score(List<String> ranking, Map<String, Integer> qrels, int k) {
    return scorer.score(ranking, qrels, k);
  }

  /** The measure with this label, ignoring case and surrounding blanks. */
  public static Optional<Measure> forLabel(String label) {
    String wanted = label.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(measure -> measure.label.equals(wanted)).findFirst();
  }

  @FunctionalInterface
  private interface Scorer {
    double score(List<String> ranking, Map<String, Integer> qrels, int k);
  }
}
