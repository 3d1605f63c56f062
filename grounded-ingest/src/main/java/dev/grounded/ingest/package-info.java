/**
 * Ingest: from files, uploads (or data set records) to a committed, searchable collection.
 *
 * <p>{@link dev.grounded.ingest.Ingestor#ingest} is the pipeline: hash, parse ({@code parse}),
 * chunk ({@code chunk}), embed, write, commit, manifest. {@link dev.grounded.ingest.KnowledgeBase}
 * wires it to a data directory, keeps the SQLite {@link dev.grounded.ingest.Manifest} in step with
 * the index after a crash, manages collections ({@link dev.grounded.ingest.CollectionId}: a tenant
 * and a name) and their documents, and hands out searchers. Every document carries metadata: what
 * its {@link dev.grounded.ingest.SourceDocument} gives plus the built-in {@code filename} and
 * {@code format}.
 *
 * <p>Threading: {@code KnowledgeBase} is thread-safe. Writes to one collection are serialized
 * within the process (they wait for each other); while another process writes it (the index's write
 * lock) they wait up to {@link dev.grounded.ingest.IngestOptions#lockWait()} and then fail with
 * {@code conflict}. An ingest given a cancellation signal stops between documents, keeping what it
 * committed whole. An ingest runs its parse stage on a task of the executor it is given and
 * everything else on the calling thread. Searchers share one reader per collection, reopened when a
 * newer commit exists.
 */
package dev.grounded.ingest;
