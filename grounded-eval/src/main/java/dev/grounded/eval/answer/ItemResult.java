package dev.grounded.eval.answer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How one question fared: the answer (without markers; empty when it abstained), each claim with
 * its citations and verdicts, the documents retrieved, and the item's scores by metric name (only
 * the metrics that apply to it: no F1 of gold answers for an unanswerable question, no faithfulness
 * for an abstention), and the answerer's confidence: the best score among its citations (NaN when
 * it abstained), which shows where an abstention threshold would fall; {@code error} is set, and
 * all else empty, when the item could not be answered at all.
 */
public record ItemResult(
    QaItem item,
    String prediction,
    boolean abstained,
    List<ClaimResult> claims,
    List<String> retrieved,
    Map<String, Double> scores,
    double confidence,
    String error) {

  /** A sentence of the answer, the documents it cites, and whether they support it. */
  public record ClaimResult(
      String text, List<String> citedDocuments, boolean supported, boolean supportedByContext) {
    public ClaimResult {
      Objects.requireNonNull(text, "text");
      citedDocuments = List.copyOf(citedDocuments);
    }
  }

  /** A scored answer (no error). */
  public ItemResult(
      QaItem item,
      String prediction,
      boolean abstained,
      List<ClaimResult> claims,
      List<String> retrieved,
      Map<String, Double> scores,
      double confidence) {
    this(item, prediction, abstained, claims, retrieved, scores, confidence, null);
  }

  /** An item that could not be answered (an upstream error): no answer, no scores. */
  public static ItemResult failed(QaItem item, String error) {
    return new ItemResult(
        item, "", false, List.of(), List.of(), Map.of(), Double.NaN, Objects.requireNonNull(error));
  }

  /** Whether the item failed (see {@link #error()}); it then counts in no metric. */
  public boolean failed() {
    return error != null;
  }

  /** Without a confidence (NaN). */
  public ItemResult(
      QaItem item,
      String prediction,
      boolean abstained,
      List<ClaimResult> claims,
      List<String> retrieved,
      Map<String, Double> scores) {
    this(item, prediction, abstained, claims, retrieved, scores, Double.NaN);
  }

  public ItemResult {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(prediction, "prediction");
    claims = List.copyOf(claims);
    retrieved = List.copyOf(retrieved);
    scores = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(scores));
  }
}
