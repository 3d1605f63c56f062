/**
 * Content policy: {@link dev.grounded.guard.policy.ContentPolicyGuard} flags texts by configurable
 * categories (blocklists, regular expressions) and by trained classifiers (the committed {@code
 * harmful} model, a {@link dev.grounded.guard.linear.LinearTextClassifier}); findings are typed
 * {@code policy.<category>}. {@link dev.grounded.guard.policy.PolicyTrainer} fits the model from
 * {@code ../shared/data} (run by {@code scripts/train-guard-models}); {@link
 * dev.grounded.guard.policy.PolicyData} and {@link dev.grounded.guard.policy.PolicyEval} hold the
 * split and the held-out figures and are not used at run time.
 *
 * <p>The guard is immutable and thread-safe.
 */
package dev.grounded.guard.policy;
