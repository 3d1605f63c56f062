/**
 * Functional correctness of generated code: HumanEval-style problems ({@link Problem}) and
 * candidate completions ({@link Sample}) are run by a {@link Sandbox} (a subprocess in a fresh
 * temporary directory, with a time limit, a memory limit, an empty environment and no network), and
 * {@link CodeEvaluation} reports pass@k with the unbiased estimator.
 *
 * <p>Python runs under {@code python3}, Java under the running JDK's source launcher. The sandbox
 * is a resource fence for untrusted test code, not a security boundary against a determined
 * attacker: it relies on Linux namespaces ({@code unshare}) for the network and on rlimits for
 * memory, and refuses to run where it cannot cut the network.
 */
package dev.grounded.eval.code;
