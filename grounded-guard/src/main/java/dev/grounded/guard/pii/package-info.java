/**
 * Personal data and secrets: {@link dev.grounded.guard.pii.PiiGuard} finds them with precompiled,
 * bounded patterns and validators (no model, no backtracking blow-ups; a question scans in tens of
 * microseconds).
 *
 * <p>Types and severities: {@code pii.card}, {@code pii.iban}, {@code pii.ssn} and every {@code
 * secret.*} ({@code aws_key}, {@code aws_secret}, {@code github_token}, {@code openai_key}, {@code
 * anthropic_key}, {@code slack_token}, {@code slack_webhook}, {@code stripe_key}, {@code
 * google_api_key}, {@code jwt}, {@code private_key}, {@code password}, {@code high_entropy}) are
 * high: each alone is enough to take money or access. {@code pii.email}, {@code pii.phone}, {@code
 * pii.ip}, {@code pii.person} and {@code pii.address} are medium: they identify or locate someone.
 * Scores: 1 or near it for checksummed values (Luhn, mod-97) and fixed key formats; lower for
 * layouts that need a context word (a bare 10-digit phone, a 9-digit SSN) and for the heuristic
 * names and addresses (a bundled gazetteer of given names, the USPS street suffixes).
 *
 * <p>{@link dev.grounded.guard.pii.SecretSamples} generates labelled secrets and look-alikes and
 * {@link dev.grounded.guard.pii.SpanScores} scores findings against labelled spans, for tests and
 * the bench. Everything here is stateless and thread-safe; detectors other than {@code PiiGuard}
 * are internal.
 */
package dev.grounded.guard.pii;
