/**
 * OpenTelemetry traces. {@link dev.grounded.audit.trace.Tracing} owns the SDK: with an OTLP
 * endpoint configured it samples and exports spans over OTLP/HTTP (protobuf, batched off the
 * request path); without one it only gives each request a W3C trace id (honouring an incoming
 * {@code traceparent}) and records nothing, at near zero cost.
 *
 * <p>Spans: one {@code SERVER} span per HTTP request ({@link dev.grounded.audit.trace.ServerSpan},
 * named by its route template), the ask pipeline's stages as its children ({@code ask.retrieve},
 * {@code ask.rerank}, {@code ask.generate}, {@code ask.verify}, ...), one {@code gateway.chat} span
 * per gateway call and one {@code gateway.upstream} span per upstream attempt under it. Spans never
 * carry prompts, answers, keys or document text. A span is current only on the thread that runs its
 * stage; everything here is thread-safe.
 */
package dev.grounded.audit.trace;
