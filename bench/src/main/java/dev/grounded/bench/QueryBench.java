package dev.grounded.bench;

import dev.grounded.core.Hit;
import dev.grounded.embed.OnnxEmbedder;
import dev.grounded.embed.WordPieceTokenizer;
import dev.grounded.eval.BeirDocument;
import dev.grounded.eval.BeirReader;
import dev.grounded.eval.BeirSource;
import dev.grounded.index.Fusion;
import dev.grounded.index.LuceneSearcher;
import dev.grounded.index.RetrievalSettings;
import dev.grounded.index.Retriever;
import dev.grounded.index.SearchMode;
import dev.grounded.index.SearchQuery;
import dev.grounded.ingest.IngestListener;
import dev.grounded.ingest.IngestSummary;
import dev.grounded.ingest.KnowledgeBase;
import dev.grounded.ingest.chunk.StructureChunker;
import dev.grounded.ingest.parse.TikaParser;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Query latency at about 100k chunks, query embedding included, for hybrid, BM25 and kNN search;
 * and the full ingest pipeline at that size under the heap this JVM was given (run with -Xmx1g).
 *
 * <p>The corpus is SciFact cut into small chunks (20 tokens, 10 overlap) to reach ~100k chunks of
 * real text. Passage vectors are computed once by the real model and cached under bench/.cache;
 * queries are always embedded live.
 *
 * <p>Usage: {@code QueryBench [corpus.jsonl] [queries.jsonl] [measuredQueries]}.
 */
public final class QueryBench {
  static final int CHUNK_TOKENS = 20;
  static final int CHUNK_OVERLAP = 10;

  private QueryBench() {}

  public static void main(String[] args) throws Exception {
    Logs.quiet();
    Path corpus = Path.of(args.length > 0 ? args[0] : "../shared/data/scifact/corpus.jsonl");
    Path queriesFile = Path.of(args.length > 1 ? args[1] : "../shared/data/scifact/queries.jsonl");
    int measured = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    int threads = Runtime.getRuntime().availableProcessors();
    List<BeirDocument> docs = BeirReader.readCorpus(corpus);
    List<String> queries = new ArrayList<>(BeirReader.readQueries(queriesFile).values());
    WordPieceTokenizer tokenizer = WordPieceTokenizer.bgeSmallEnV15();
    Path data = Files.createTempDirectory("grounded-bench-query");
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        OnnxEmbedder model = OnnxEmbedder.bgeSmallEnV15Q(threads)) {
      CachingEmbedder embedder =
          new CachingEmbedder(
              model,
              Path.of("bench/.cache/scifact-" + CHUNK_TOKENS + "-" + CHUNK_OVERLAP + ".vectors"));
      System.out.printf(
          Locale.ROOT,
          "vector cache: %d vectors; heap max %d MB%n",
          embedder.size(),
          Runtime.getRuntime().maxMemory() >> 20);
      try (KnowledgeBase kb =
          new KnowledgeBase(
              data,
              new TikaParser(),
              new StructureChunker(tokenizer, CHUNK_TOKENS, CHUNK_OVERLAP),
              embedder,
              executor,
              "bench-query")) {
        List<BeirSource> sources =
            docs.stream().map(d -> new BeirSource(d, "bench-query")).toList();
        resetPeaks();
        IngestSummary s = kb.ingest("bench", sources, false, IngestListener.NONE);
        System.out.printf(
            Locale.ROOT,
            "ingest: %d documents, %d chunks (%d embedded now, rest from cache) in %.1f s;"
                + " peak heap used %d MB (garbage included) of %d MB max%n",
            s.documents(),
            s.chunks(),
            embedder.computed,
            s.seconds(),
            peakHeap() >> 20,
            Runtime.getRuntime().maxMemory() >> 20);
        try (LuceneSearcher searcher = kb.searcher("bench")) {
          report(searcher, model, queries, measured);
        }
      }
    }
  }

  private static void report(
      LuceneSearcher searcher, OnnxEmbedder model, List<String> queries, int measured) {
    // the default fusion, as a collection without saved settings searches
    Fusion fusion = RetrievalSettings.DEFAULTS.fusion();
    System.out.printf(
        Locale.ROOT,
        "%n%-40s %8s %8s %8s %8s%n",
        "latency, k=10 (ms)",
        "p50",
        "p95",
        "p99",
        "mean");
    double[] embed = time(queries, measured, q -> model.embedQuery(q));
    print("query embedding alone (baseline)", embed);
    // the fusion default before issue 14, measured before and after the modes (warm-up and drift)
    RetrievalSettings rrf = RetrievalSettings.rrf(60, 0.5, RetrievalSettings.DEFAULTS.depth());
    Retriever before = searcher.retriever(SearchMode.HYBRID, rrf.fusion(), rrf.depth());
    Work rrfHybrid = q -> before.retrieve(new SearchQuery(q, model.embedQuery(q), 10));
    print("hybrid, RRF k=60 (earlier default)", time(queries, measured, rrfHybrid));
    for (SearchMode mode : List.of(SearchMode.HYBRID, SearchMode.BM25, SearchMode.DENSE)) {
      Retriever r = searcher.retriever(mode, fusion, RetrievalSettings.DEFAULTS.depth());
      double[] t =
          time(
              queries,
              measured,
              q -> {
                float[] v = mode.needsVector() ? model.embedQuery(q) : new float[0];
                List<Hit> hits = r.retrieve(new SearchQuery(q, v, 10));
                if (hits.isEmpty() && mode != SearchMode.BM25)
                  throw new IllegalStateException("no hits for " + q);
              });
      print(mode.wireName() + (mode.needsVector() ? " incl. embedding" : ""), t);
    }
    print("hybrid, RRF k=60 (earlier default), again", time(queries, measured, rrfHybrid));
    print(
        "query embedding alone (baseline, again)",
        time(queries, measured, q -> model.embedQuery(q)));
    System.out.println("targets: hybrid p50 <= 15 ms, p99 <= 40 ms");
  }

  interface Work {
    void run(String query) throws Exception;
  }

  private static double[] time(List<String> queries, int measured, Work work) {
    try {
      for (int i = 0; i < 100; i++) work.run(queries.get(i % queries.size()));
      double[] ms = new double[measured];
      for (int i = 0; i < measured; i++) {
        String q = queries.get((i + 100) % queries.size());
        long start = System.nanoTime();
        work.run(q);
        ms[i] = (System.nanoTime() - start) / 1e6;
      }
      Arrays.sort(ms);
      return ms;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void print(String label, double[] sorted) {
    System.out.printf(
        Locale.ROOT,
        "%-40s %8.2f %8.2f %8.2f %8.2f%n",
        label,
        pct(sorted, 50),
        pct(sorted, 95),
        pct(sorted, 99),
        Arrays.stream(sorted).average().orElse(0));
  }

  private static double pct(double[] sorted, double p) {
    int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) pool.resetPeakUsage();
  }

  /**
   * Sum over heap pools of their peak usage since the reset (garbage included, so an upper bound of
   * the live set).
   */
  private static long peakHeap() {
    long total = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) total += pool.getPeakUsage().getUsed();
    }
    return total;
  }
}
