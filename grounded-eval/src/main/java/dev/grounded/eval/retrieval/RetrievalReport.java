package dev.grounded.eval.retrieval;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The result of evaluating one run: the mean of each metric over the evaluated queries, and every
 * query's own values. Maps keep metric order and query order. Jackson writes a report as its means
 * alone, e.g. {@code {"ndcg@10":0.6650,"recall@100":0.9087,"mrr@10":0.6321}}; serialize {@link
 * #perQuery()} for the detail.
 *
 * @param means metric name (e.g. {@code ndcg@10}) to mean over the queries
 * @param perQuery query id to (metric name to value); every query has exactly the metrics of {@code
 *     means}
 */
public record RetrievalReport(
    Map<String, Double> means, Map<String, Map<String, Double>> perQuery) {
  public RetrievalReport {
    means = ordered(Objects.requireNonNull(means, "means"));
    Map<String, Map<String, Double>> queries = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, Double>> query :
        Objects.requireNonNull(perQuery, "perQuery").entrySet()) {
      if (!query.getValue().keySet().equals(means.keySet())) {
        throw new IllegalArgumentException(
            "query '"
                + query.getKey()
                + "' has metrics "
                + query.getValue().keySet()
                + ", not "
                + means.keySet());
      }
      queries.put(query.getKey(), ordered(query.getValue()));
    }
    perQuery = Collections.unmodifiableMap(queries);
  }

  /**
   * Scores {@code run} against {@code qrels}. The evaluated queries are those with at least one
   * judgement in {@code qrels}; one missing from {@code run}, or with an empty ranking, scores 0 on
   * every metric. Queries in {@code run} without judgements are ignored (as trec_eval does).
   *
   * @param qrels query id to (document id to relevance)
   * @param run query id to ranked document ids, best first, without repeats
   * @param metrics the metrics to compute, in report order
   */
  public static RetrievalReport evaluate(
      Map<String, Map<String, Integer>> qrels,
      Map<String, List<String>> run,
      List<Metric> metrics) {
    Objects.requireNonNull(qrels, "qrels");
    Objects.requireNonNull(run, "run");
    if (metrics.isEmpty()) throw new IllegalArgumentException("metrics is empty");
    Map<String, Map<String, Double>> perQuery = new LinkedHashMap<>();
    Map<String, Double> sums = new LinkedHashMap<>();
    for (Metric metric : metrics) sums.put(metric.name(), 0.0);
    qrels.forEach(
        (queryId, judged) -> {
          if (judged.isEmpty()) return;
          List<String> ranking = run.getOrDefault(queryId, List.of());
          Map<String, Double> values = new LinkedHashMap<>();
          for (Metric metric : metrics) values.put(metric.name(), metric.score(ranking, judged));
          values.forEach((name, value) -> sums.merge(name, value, Double::sum));
          perQuery.put(queryId, values);
        });
    if (perQuery.isEmpty())
      throw new IllegalArgumentException("qrels judge no query: nothing to evaluate");
    sums.replaceAll((name, sum) -> sum / perQuery.size());
    return new RetrievalReport(sums, perQuery);
  }

  /** {@link #evaluate(Map, Map, List)} with {@link Metric#DEFAULTS}. */
  public static RetrievalReport evaluate(
      Map<String, Map<String, Integer>> qrels, Map<String, List<String>> run) {
    return evaluate(qrels, run, Metric.DEFAULTS);
  }

  /** The means, in metric order; what Jackson writes for a report. */
  @Override
  @JsonValue
  public Map<String, Double> means() {
    return means;
  }

  /** The mean of one metric, e.g. {@code mean("ndcg@10")}. */
  public double mean(String metric) {
    Double mean = means.get(metric);
    if (mean == null)
      throw new IllegalArgumentException("no metric '" + metric + "' in " + means.keySet());
    return mean;
  }

  /** The metric names, in report order. */
  public List<String> metricNames() {
    return List.copyOf(means.keySet());
  }

  /** How many queries were evaluated. */
  public int queryCount() {
    return perQuery.size();
  }

  private static Map<String, Double> ordered(Map<String, Double> values) {
    Map<String, Double> copy = new LinkedHashMap<>();
    values.forEach(
        (name, value) ->
            copy.put(
                Objects.requireNonNull(name, "metric name"), Objects.requireNonNull(value, name)));
    return Collections.unmodifiableMap(copy);
  }
}
