package dev.grounded.eval.answer;

import java.util.List;
import java.util.Set;

/** The names of the answer metrics, in report order; see {@link AnswerEvaluation}. */
public final class AnswerMetric {
  public static final String EXACT_MATCH = "exact_match";
  public static final String F1 = "f1";
  public static final String ROUGE_L = "rouge_l";
  public static final String BLEU = "bleu";
  public static final String GOLD_IN_ANSWER = "gold_in_answer";
  public static final String RETRIEVAL_RECALL = "retrieval_recall";
  public static final String FAITHFULNESS = "faithfulness";
  public static final String UNSUPPORTED_RATE = "unsupported_rate";
  public static final String HALLUCINATION_RATE = "hallucination_rate";
  public static final String CITATION_PRECISION = "citation_precision";
  public static final String CITATION_RECALL = "citation_recall";
  public static final String ANSWER_RATE = "answer_rate";
  public static final String ABSTENTION_ACCURACY = "abstention_accuracy";
  public static final String VERIFIER_DROP_RATE = "verifier_drop_rate";

  /**
   * How well confidence separates answerable from unanswerable questions (see {@link Selective}).
   */
  public static final String ABSTENTION_AUROC = "abstention_auroc";

  /** Per-item metrics, in report order ({@link #BLEU} is a corpus score and comes after them). */
  public static final List<String> PER_ITEM =
      List.of(
          EXACT_MATCH,
          F1,
          ROUGE_L,
          GOLD_IN_ANSWER,
          RETRIEVAL_RECALL,
          FAITHFULNESS,
          UNSUPPORTED_RATE,
          HALLUCINATION_RATE,
          CITATION_PRECISION,
          CITATION_RECALL,
          ANSWER_RATE,
          ABSTENTION_ACCURACY,
          VERIFIER_DROP_RATE);

  public static final Set<String> LOWER_IS_BETTER =
      Set.of(UNSUPPORTED_RATE, HALLUCINATION_RATE, VERIFIER_DROP_RATE);

  private AnswerMetric() {}
}
