/**
 * Authentication, the first step of the gateway: an API key names a tenant.
 *
 * <p>{@link dev.grounded.gateway.auth.ApiKeys} keeps keys in the data directory's SQLite file
 * ({@code grounded.db}, table {@code api_keys}). A key reads {@code gr-<id>-<secret>}: the id is
 * public and is the row's primary key; of the secret only a salted SHA-256 hash is stored, so the
 * full key is shown once, when it is created. {@link
 * dev.grounded.gateway.auth.ApiKeys#authenticate} turns a presented key into a {@link
 * dev.grounded.gateway.auth.Principal} (tenant and key id) or nothing; it never throws for
 * malformed input.
 *
 * <p>Every call reads the database, so a revocation made by another process (the CLI while a server
 * runs) takes effect on the next request. {@code ApiKeys} is thread-safe: calls are serialized on
 * one connection. The values ({@link dev.grounded.gateway.auth.ApiKey}, {@link
 * dev.grounded.gateway.auth.IssuedKey}, {@link dev.grounded.gateway.auth.Principal}) are immutable
 * records. {@code KeyFormat} (generation, parsing, hashing) is internal.
 */
package dev.grounded.gateway.auth;
