/**
 * LLM-as-judge: a {@link Rubric} (YAML: criteria, a scale, anchored examples, the verdict's JSON
 * schema) is put to a model behind any OpenAI-compatible chat completions endpoint ({@link
 * dev.grounded.gateway.client.ChatModel}, through the gateway) by a {@link Judge}, whose verdicts
 * are validated against the schema (one repair round when a verdict does not validate). {@link
 * Calibration} measures a judge against human labels (agreement, Cohen's kappa, confusion matrix,
 * repeat consistency); a judge whose kappa is below the rubric's floor is not usable for gating.
 *
 * <p>The client is thread-safe; a judge holds no per-call state.
 */
package dev.grounded.eval.judge;
