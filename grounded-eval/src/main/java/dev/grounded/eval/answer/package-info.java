/**
 * Evaluation of answers: a question-answering data set ({@link QaDataset}: SQuAD JSON or JSONL) is
 * asked of an {@link Answerer}, and each answer is scored against the gold answers (SQuAD EM/F1,
 * ROUGE-L, BLEU), against the retrieved context (recall of the gold context) and against its own
 * citations: faithfulness, citation precision and recall, hallucination and abstention ({@link
 * AnswerEvaluation}, {@link AnswerReport}).
 *
 * <p>Whether a cited chunk supports a sentence is decided by a {@link
 * dev.grounded.answer.SupportChecker}; the offline default is {@link
 * dev.grounded.answer.LexicalSupport}, validated on labelled pairs in its tests. Evaluation runs
 * the items on the executor it is given; the checker and the answerer must be thread-safe.
 */
package dev.grounded.eval.answer;
