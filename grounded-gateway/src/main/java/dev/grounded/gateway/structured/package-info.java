/**
 * Structured output in the gateway chain: for a request whose OpenAI {@code response_format} is
 * {@code json_object} or {@code json_schema}, the reply is checked (strict JSON, then the schema,
 * draft 2020-12), repaired when that is enough ({@link dev.grounded.guard.json.JsonRepair}), and
 * otherwise the model is asked again with the violations, up to a configured number of times
 * ({@link dev.grounded.gateway.structured.StructuredOutput}). The caller gets valid JSON as the
 * message content or, after the last re-ask, a 502 {@code upstream_error} naming the violations; a
 * schema that is not valid is a 400 {@code invalid_request} before any upstream call.
 *
 * <p>The stage is two interceptors side by side: the outer one loops, the inner one throws when a
 * reply is invalid, which is what allows the outer one to call the chain again (the chain lets a
 * stage proceed again only after a failure). It sits after the cache (a cached answer is a checked
 * one) and before the router (each re-ask is routed, retried and failed over like any call).
 * Streaming requests are sent upstream whole and the checked answer streamed back in one chunk: a
 * JSON value cannot be validated before its end, and text already streamed cannot be repaired.
 * {@code strict} is not needed: every reply is checked. Only the first choice is checked. Stages
 * keep no per-request state and are thread-safe; outcomes are counted in {@link
 * dev.grounded.gateway.structured.StructuredOutputStats} and sent to the gateway's listener.
 */
package dev.grounded.gateway.structured;
