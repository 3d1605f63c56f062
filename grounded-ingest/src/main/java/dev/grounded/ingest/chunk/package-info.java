/**
 * Chunking: a parsed document to the chunks that are embedded and indexed.
 *
 * <p>{@link dev.grounded.ingest.chunk.Chunker} is the stage interface; {@link
 * dev.grounded.ingest.chunk.StructureChunker} follows the document's structure. Its contract, which
 * the randomized tests check: every chunk counts at most {@code maxTokens} with the given {@link
 * dev.grounded.core.TokenCounter}; its text is exactly {@code document.text().substring(start,
 * end)} of its location; it lies inside one section and takes that section's page and heading path;
 * every non-blank character of a section is in some chunk; overlap with the previous chunk is whole
 * sentences of at most {@code overlapTokens}; ordinals are 0..n-1 in document order. {@link
 * dev.grounded.ingest.chunk.BoundedChunker} decorates a chunker with the {@code ingest.max_chunks}
 * limit (the knowledge base applies it).
 *
 * <p>Threading: chunkers are immutable and thread-safe. Internal: {@code Segmenter} and {@code
 * Sentences} (text to units), {@code PieceFinder} (cutting oversized words), {@code Packer} (units
 * to chunk ranges), {@code Unit}.
 */
package dev.grounded.ingest.chunk;
