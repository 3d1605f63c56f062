/**
 * Ingest: from files (or data set records) to a committed, searchable collection.
 *
 * <p>{@link dev.grounded.ingest.Ingestor#ingest} is the pipeline: hash, parse ({@code parse}),
 * chunk ({@code chunk}), embed, write, commit, manifest. {@link dev.grounded.ingest.KnowledgeBase}
 * wires it to a data directory and keeps the SQLite {@link dev.grounded.ingest.Manifest} in step
 * with the index after a crash.
 *
 * <p>Threading: one ingest per collection at a time (the index's write lock enforces it across
 * processes); an ingest runs its parse stage on a task of the executor it is given and everything
 * else on the calling thread.
 */
package dev.grounded.ingest;
