/**
 * A small, generic text classifier for guards: logistic regression over hashed character and word
 * n-grams ({@link dev.grounded.guard.linear.TextFeatures}), scored over windows of a long text
 * ({@link dev.grounded.guard.linear.LinearTextClassifier}) and fitted deterministically from a seed
 * ({@link dev.grounded.guard.linear.LogisticTrainer}). It runs on the CPU in microseconds and its
 * models are a few hundred KB, so they ship inside the jar.
 *
 * <p>Models are immutable and thread-safe; training is single-threaded and not meant for request
 * paths. The injection and content-policy guards share it, each with its own model file.
 */
package dev.grounded.guard.linear;
