/**
 * Prompt injection, direct and indirect: {@link dev.grounded.guard.injection.InjectionGuard}
 * combines {@link dev.grounded.guard.injection.InjectionRules} (precompiled patterns, English and
 * German) with two committed linear models, one for inputs and one, windowed, for retrieved chunks
 * and documents. Findings are typed {@code injection}.
 *
 * <p>{@link dev.grounded.guard.injection.InjectionTrainer} fits the models from the train splits in
 * {@code ../shared/data} (run by {@code scripts/train-guard-models}); {@link
 * dev.grounded.guard.injection.InjectionData} and {@link
 * dev.grounded.guard.injection.InjectionEval} hold the train/held-out split and the held-out
 * report. None of these three is used at run time, and nothing at run time reads {@code ../shared}.
 * The guard is immutable and thread-safe.
 */
package dev.grounded.guard.injection;
