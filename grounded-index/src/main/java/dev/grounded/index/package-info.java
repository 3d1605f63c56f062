/**
 * The search index: writing documents as atomic blocks of chunks ({@link
 * dev.grounded.index.Index}), and finding chunks by BM25, by kNN over embeddings, or both fused
 * ({@link dev.grounded.index.Retriever}, {@link dev.grounded.index.Fusion}), optionally restricted
 * by a metadata {@link dev.grounded.index.Filter} carried in the {@link
 * dev.grounded.index.SearchQuery}.
 *
 * <p>{@link dev.grounded.index.LuceneIndex} is the embedded implementation (Lucene 10 on local
 * disk). A scale-out implementation keeps these interfaces; nothing outside this package sees
 * Lucene types.
 *
 * <p>Threading: a {@link dev.grounded.index.LuceneSearcher} is thread-safe and point-in-time; a
 * {@link dev.grounded.index.SearcherPool} shares one reference-counted reader per index among
 * searchers and reopens it when a newer commit exists. An index has one writer per directory across
 * processes (Lucene's write lock; a second one fails with {@code conflict}), and searchers open
 * without it.
 */
package dev.grounded.index;
