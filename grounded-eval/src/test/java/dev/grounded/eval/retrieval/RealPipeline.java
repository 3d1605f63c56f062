package dev.grounded.eval.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grounded.embed.OnnxEmbedder;
import dev.grounded.embed.WordPieceTokenizer;
import dev.grounded.eval.BeirDataset;
import dev.grounded.eval.BeirSource;
import dev.grounded.index.LuceneSearcher;
import dev.grounded.index.RetrievalSettings;
import dev.grounded.index.SearchMode;
import dev.grounded.ingest.IngestListener;
import dev.grounded.ingest.KnowledgeBase;
import dev.grounded.ingest.chunk.StructureChunker;
import dev.grounded.ingest.parse.TikaParser;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Ingests a BEIR data set with the real chunker, the bundled bge model and Lucene, and evaluates
 * bm25, dense and hybrid with the default fusion ({@link RetrievalSettings#DEFAULTS}), the way
 * {@code grounded eval retrieval} does on a collection without saved settings.
 */
final class RealPipeline {
  private RealPipeline() {}

  /** The three modes' reports, by wire name (bm25, dense, hybrid). */
  static Map<String, RetrievalReport> evaluate(Path dataDir, BeirDataset data) {
    Map<String, RetrievalReport> byName = new LinkedHashMap<>();
    RetrievalSettings fusion = RetrievalSettings.DEFAULTS;
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        OnnxEmbedder embedder = OnnxEmbedder.bgeSmallEnV15Q(2);
        KnowledgeBase kb =
            new KnowledgeBase(
                dataDir,
                new TikaParser(),
                new StructureChunker(WordPieceTokenizer.bgeSmallEnV15(), 256, 32),
                embedder,
                executor,
                "test")) {
      List<BeirSource> sources =
          data.corpus().stream().map(d -> new BeirSource(d, "test")).toList();
      assertThat(kb.ingest("beir", sources, false, IngestListener.NONE).failed()).isZero();
      try (LuceneSearcher searcher = kb.searcher("beir")) {
        new RetrievalEvaluation(embedder, Metric.DEFAULTS)
            .evaluate(
                data,
                List.of(SearchMode.values()),
                m -> searcher.retriever(m, fusion.fusion(), fusion.depth()))
            .forEach((m, r) -> byName.put(m.wireName(), r));
      }
    }
    return byName;
  }
}
