/**
 * Regression gates: a current evaluation report is compared with a baseline report metric by metric
 * ({@link Gate}), each gated metric with its own tolerated drop ({@link Tolerance}), and the result
 * is a table whose verdict a CI build can fail on. Reports are read with {@link ReportFile}, which
 * knows the JSON every {@code grounded eval} command writes.
 *
 * <p>Direction matters: a drop of a higher-is-better metric and a rise of a lower-is-better one (as
 * a report declares in {@code lower_is_better}) are both regressions. Stateless and thread-safe.
 */
package dev.grounded.eval.gate;
