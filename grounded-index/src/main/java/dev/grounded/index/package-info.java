/**
 * The search index: writing documents as atomic blocks of chunks ({@link
 * dev.grounded.index.Index}), and finding chunks by BM25, by kNN over embeddings, or both fused
 * ({@link dev.grounded.index.Retriever}, {@link dev.grounded.index.Fusion}).
 *
 * <p>{@link dev.grounded.index.LuceneIndex} is the embedded implementation (Lucene 10 on local
 * disk). A scale-out implementation keeps these interfaces; nothing outside this package sees
 * Lucene types.
 *
 * <p>Threading: a {@link dev.grounded.index.LuceneSearcher} is thread-safe and point-in-time; an
 * index has one writer per directory across processes (Lucene's write lock), and searchers open
 * without it.
 */
package dev.grounded.index;
