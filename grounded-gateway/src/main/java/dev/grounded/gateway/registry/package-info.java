/**
 * The registry of versioned prompts and model aliases: what a request's named prompt or alias
 * resolves to, with labels, sticky traffic splits and rollback.
 *
 * <p>{@link dev.grounded.gateway.registry.Registry} keeps, per tenant and {@link
 * dev.grounded.gateway.registry.Kind}, immutable numbered {@link
 * dev.grounded.gateway.registry.Version}s and the history of each {@link
 * dev.grounded.gateway.registry.Label} in the data directory's {@code grounded.db}; it caches
 * nothing, so every process sharing the file sees a label move on its next read. {@link
 * dev.grounded.gateway.registry.Rollout} puts a subject (user, else key, else request) in a
 * deterministic bucket for a label's {@link dev.grounded.gateway.registry.Split}. {@link
 * dev.grounded.gateway.registry.PromptTemplate} reads a prompt version and renders its {@code
 * {{variable}}} placeholders; {@link dev.grounded.gateway.registry.BuiltInPrompt} is one of
 * Grounded's own prompts, version 1 of its name for every tenant. The registry is thread-safe
 * (calls serialized on one connection); the values are immutable records. {@code RegistryTables}
 * (the SQL rows) is internal.
 */
package dev.grounded.gateway.registry;
