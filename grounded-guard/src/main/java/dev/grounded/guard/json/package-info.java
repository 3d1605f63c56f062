/**
 * Structured output: {@link dev.grounded.guard.json.JsonRepair} turns the JSON models commonly get
 * wrong (code fences, prose around the value, trailing commas, single or typographic quotes,
 * unquoted keys, Python and JavaScript literals, comments, raw newlines in strings, a cut-off tail)
 * into valid JSON and names each {@link dev.grounded.guard.json.Fix} it made; text that is already
 * valid JSON is returned unchanged. {@link dev.grounded.guard.json.SchemaValidator} checks a value
 * against a JSON Schema (draft 2020-12) and returns the violations as path + message, the form the
 * gateway sends back to a model when it asks again.
 *
 * <p>Both are thread-safe; {@code JsonRepair} is a pure function, {@code SchemaValidator} keeps a
 * bounded cache of compiled schemas and never fetches a remote {@code $ref}. {@code LenientParser}
 * is internal.
 */
package dev.grounded.guard.json;
