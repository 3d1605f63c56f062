package dev.grounded.bench;

import dev.grounded.answer.Asker;
import dev.grounded.answer.ExtractiveGenerator;
import dev.grounded.answer.ExtractiveOptions;
import dev.grounded.answer.QuoteVerifier;
import dev.grounded.embed.Embedder;
import dev.grounded.embed.WordPieceTokenizer;
import dev.grounded.index.Retriever;
import dev.grounded.index.TermStatistics;
import dev.grounded.ingest.KnowledgeBase;
import dev.grounded.ingest.chunk.StructureChunker;
import dev.grounded.ingest.parse.TikaParser;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.function.BiFunction;

/**
 * The pipeline the served benches (service, audit, observability) put behind their servers, as
 * {@code grounded serve} wires it: 256/32-token structure chunks, passages embedded through the
 * shared vector cache of SciFact, extractive answers with verified quotes.
 */
final class ServedPipeline {
  /** Passage vectors of SciFact at 256/32, kept between runs. */
  static final Path SCIFACT_VECTORS = Path.of("bench/.cache/scifact-256-32.vectors");

  private ServedPipeline() {}

  /** A knowledge base in {@code data} that embeds passages with {@code passages}. */
  static KnowledgeBase knowledgeBase(
      Path data, WordPieceTokenizer tokenizer, Embedder passages, ExecutorService executor) {
    return new KnowledgeBase(
        data,
        new TikaParser(),
        new StructureChunker(tokenizer, 256, 32),
        passages,
        executor,
        "bge-small-en-v1.5-q|chunk=256/32|schema=1");
  }

  /** Extractive askers over a retriever, embedding questions with {@code embedder}. */
  static BiFunction<Retriever, TermStatistics, Asker> extractiveAskers(Embedder embedder) {
    return (r, stats) ->
        new Asker(
            embedder,
            r,
            new ExtractiveGenerator(embedder, ExtractiveOptions.DEFAULTS, stats),
            new QuoteVerifier());
  }
}
