/**
 * The {@code grounded} command line (picocli): {@code ingest}, {@code status}, {@code search},
 * {@code ask}, {@code eval retrieval}, {@code demo}, {@code keys create|list|revoke}.
 *
 * <p>Commands parse arguments, call the stages through {@link dev.grounded.cli.App} (the
 * composition root: model, parser, chunker, data directory, executor) and print results as text or
 * JSON. They hold no business logic. {@code keys} opens only the data directory's {@code
 * grounded.db} through {@link dev.grounded.gateway.auth.ApiKeys}, never {@code App}. Errors surface
 * as one line on stderr: {@code grounded: error: ...} with exit code 1 for bad input, 2 for bad
 * usage, 3 for internal failures. Each command runs on the main thread; ingest parses on a virtual
 * thread.
 */
package dev.grounded.cli;
