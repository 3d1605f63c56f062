/**
 * Guardrails: a {@link dev.grounded.guard.Guard} reads a text and returns {@link
 * dev.grounded.guard.Finding}s (type, character span, score, severity); it never changes the text
 * and never decides what happens. {@link dev.grounded.guard.GuardPolicy} maps each finding to an
 * {@link dev.grounded.guard.Action} (allow, flag, redact, block) by its type and where the text
 * came from ({@link dev.grounded.guard.Source}); {@link dev.grounded.guard.Guardrails} runs the
 * guards, applies the policy and redacts.
 *
 * <p>Guards are stateless after construction and safe to share between threads; each scan is a pure
 * function of its text. Detectors live in sub-packages (injection, pii, policy); structured output
 * repair in {@code json}.
 */
package dev.grounded.guard;
