/**
 * Statistics for evaluation results: agreement between two raters ({@link Agreement}, Cohen's kappa
 * unweighted or weighted for ordinal scales, with the confusion matrix), the unbiased pass@k
 * estimator ({@link PassAtK}) and bootstrap confidence intervals of a mean ({@link Bootstrap}).
 *
 * <p>Pure functions over their inputs; resampling takes an explicit seed, so a report can be
 * reproduced exactly. Stateless and thread-safe.
 */
package dev.grounded.eval.stats;
