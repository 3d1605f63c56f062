package dev.grounded.eval.retrieval;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Per-query retrieval measures, defined as trec_eval (and so pytrec_eval and BEIR) defines them.
 * Each takes a ranking (document ids, best first, no duplicates), the query's qrels (document id to
 * relevance; above 0 is relevant, 0 or less is judged not relevant) and a cut-off {@code k >= 1}. A
 * query with no relevant document scores 0 everywhere.
 */
public final class RetrievalMetrics {
  private RetrievalMetrics() {}

  /**
   * nDCG@k with trec_eval's linear gain: DCG = sum over ranks i = 1..k of rel_i / log2(i + 1); the
   * ideal DCG sorts every relevant judgement (not only the retrieved ones) by relevance, best
   * first, cut at k.
   */
  public static double ndcg(List<String> ranking, Map<String, Integer> qrels, int k) {
    check(ranking, qrels, k);
    double dcg = 0;
    for (int i = 0; i < Math.min(k, ranking.size()); i++) {
      dcg += gain(qrels, ranking.get(i)) / log2(i + 2);
    }
    List<Integer> ideal =
        qrels.values().stream().filter(rel -> rel > 0).sorted((a, b) -> b - a).toList();
    double idcg = 0;
    for (int i = 0; i < Math.min(k, ideal.size()); i++) {
      idcg += ideal.get(i) / log2(i + 2);
    }
    return idcg == 0 ? 0 : dcg / idcg;
  }

  /** Recall@k: relevant documents in the top k over all relevant documents. */
  public static double recall(List<String> ranking, Map<String, Integer> qrels, int k) {
    check(ranking, qrels, k);
    long relevant = relevantCount(qrels);
    return relevant == 0 ? 0 : (double) hits(ranking, qrels, k) / relevant;
  }

  /**
   * Precision@k: relevant documents in the top k over k (trec_eval's P_k: a short ranking is not
   * rewarded).
   */
  public static double precision(List<String> ranking, Map<String, Integer> qrels, int k) {
    check(ranking, qrels, k);
    return (double) hits(ranking, qrels, k) / k;
  }

  /** MRR@k for one query: 1 / rank of the first relevant document within the top k, else 0. */
  public static double mrr(List<String> ranking, Map<String, Integer> qrels, int k) {
    check(ranking, qrels, k);
    for (int i = 0; i < Math.min(k, ranking.size()); i++) {
      if (gain(qrels, ranking.get(i)) > 0) return 1.0 / (i + 1);
    }
    return 0;
  }

  /**
   * Average precision cut at k (trec_eval's map_cut_k for one query): the sum of precision@i over
   * the ranks i <= k that hold a relevant document, divided by the number of relevant documents
   * (all of them, not min(k, R)).
   */
  public static double averagePrecision(List<String> ranking, Map<String, Integer> qrels, int k) {
    check(ranking, qrels, k);
    long relevant = relevantCount(qrels);
    if (relevant == 0) return 0;
    double sum = 0;
    int hits = 0;
    for (int i = 0; i < Math.min(k, ranking.size()); i++) {
      if (gain(qrels, ranking.get(i)) > 0) sum += (double) ++hits / (i + 1);
    }
    return sum / relevant;
  }

  /**
   * The ids in order with repeats dropped (first occurrence kept): turns a ranking of chunks,
   * mapped to their document ids, into the ranking of documents these measures expect.
   */
  public static List<String> distinct(List<String> ids) {
    return List.copyOf(new LinkedHashSet<>(Objects.requireNonNull(ids, "ids")));
  }

  private static void check(List<String> ranking, Map<String, Integer> qrels, int k) {
    Objects.requireNonNull(ranking, "ranking");
    Objects.requireNonNull(qrels, "qrels");
    if (k < 1) throw new IllegalArgumentException("k must be >= 1: " + k);
    Set<String> seen = new HashSet<>();
    for (String id : ranking) {
      if (!seen.add(Objects.requireNonNull(id, "document id in ranking"))) {
        throw new IllegalArgumentException(
            "ranking repeats document '"
                + id
                + "': collapse it with RetrievalMetrics.distinct first");
      }
    }
  }

  private static int hits(List<String> ranking, Map<String, Integer> qrels, int k) {
    int hits = 0;
    for (int i = 0; i < Math.min(k, ranking.size()); i++) {
      if (gain(qrels, ranking.get(i)) > 0) hits++;
    }
    return hits;
  }

  private static long relevantCount(Map<String, Integer> qrels) {
    return qrels.values().stream().filter(rel -> rel > 0).count();
  }

  private static int gain(Map<String, Integer> qrels, String id) {
    return Math.max(0, qrels.getOrDefault(id, 0));
  }

  private static double log2(int x) {
    return Math.log(x) / Math.log(2);
  }
}
