/**
 * Embedding: text to dense vectors, in-process.
 *
 * <p>{@link dev.grounded.embed.Embedder} is the stage interface. {@link
 * dev.grounded.embed.OnnxEmbedder} runs a BERT-style encoder (by default bge-small-en-v1.5,
 * int8-quantized, 384 dimensions) with ONNX Runtime; it batches by token length, pools and
 * L2-normalizes, so callers may compare vectors by dot product. {@link
 * dev.grounded.embed.WordPieceTokenizer} is the model's tokenizer in pure Java; it is also the
 * {@link dev.grounded.core.TokenCounter} the chunker uses, so chunk sizes agree with what the model
 * sees (texts longer than 512 tokens are truncated by the embedder).
 *
 * <p>Threading: every public type is thread-safe. {@code OnnxEmbedder.embed} runs on the caller's
 * thread; ONNX Runtime parallelizes one inference over its own intra-op threads, whose number the
 * composition root chooses. Close the embedder to release native memory.
 *
 * <p>Internal: {@code BertText}, {@code Vocab}, {@code IntList}, {@code Batches} and {@code
 * ModelInput}.
 */
package dev.grounded.embed;
