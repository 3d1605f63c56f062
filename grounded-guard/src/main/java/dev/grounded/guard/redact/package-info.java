/**
 * Changing a text by its findings: {@link dev.grounded.guard.redact.Redactor#redact} replaces each
 * span with its label ({@code [EMAIL]}, overlapping spans merged); {@link
 * dev.grounded.guard.redact.Pseudonymizer} replaces each with a numbered placeholder ({@code
 * <EMAIL_1>}, the same value the same placeholder) and keeps the mapping, so a model's response can
 * be restored with {@link dev.grounded.guard.redact.Pseudonymized#restore}, or chunk by chunk with
 * a {@link dev.grounded.guard.redact.StreamingRestorer} that holds back a placeholder cut between
 * chunks.
 *
 * <p>Findings come from any {@link dev.grounded.guard.Guard}; the label is the last part of the
 * type in upper case ({@code pii.email} gives {@code EMAIL}), {@code SECRET} for every {@code
 * secret.*}. Redactor and Pseudonymizer are stateless; a Pseudonymized result is immutable and
 * belongs to one request; a StreamingRestorer belongs to one stream and is not thread-safe.
 */
package dev.grounded.guard.redact;
