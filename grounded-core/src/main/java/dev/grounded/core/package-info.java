/**
 * Value types and errors shared by every Grounded stage.
 *
 * <p>Everything here is an immutable record validated in its constructor, the single exception type
 * {@link dev.grounded.core.GroundedException} with its stable {@link dev.grounded.core.ErrorCode},
 * or {@link dev.grounded.core.Metadata}: the one place where the key/value metadata attached to
 * documents (and filtered on at search) is validated. This module has no dependencies: search
 * engines, model runtimes and parsers stay in their own modules so that a scale-out index (which
 * brings its own Lucene) can be swapped in without touching the core.
 *
 * <p>All types are thread-safe (immutable).
 */
package dev.grounded.core;
