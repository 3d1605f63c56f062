/**
 * Metrics that compare an answer's text with reference answers: SQuAD exact match and token F1
 * ({@link SquadScore}), ROUGE-L ({@link RougeL}) and BLEU with sacreBLEU's defaults ({@link Bleu}).
 *
 * <p>Each follows its reference implementation's text normalization and tokenization, because a
 * metric is only comparable with published figures when it tokenizes the same way: SQuAD's official
 * evaluation script, Google's {@code rouge-score} package (no stemming) and sacreBLEU (tokenizer
 * 13a, exponential smoothing). All classes are stateless and thread-safe.
 */
package dev.grounded.eval.text;
