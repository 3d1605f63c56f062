package dev.grounded.cli;

import static dev.grounded.cli.EvalCommand.REPORT_SCHEMA;
import static dev.grounded.cli.EvalCommand.evalCollection;
import static dev.grounded.cli.EvalCommand.syncCorpus;
import static dev.grounded.cli.EvalCommand.write;

import dev.grounded.eval.BeirDataset;
import dev.grounded.eval.retrieval.Metric;
import dev.grounded.eval.retrieval.ReportTable;
import dev.grounded.eval.retrieval.RetrievalEvaluation;
import dev.grounded.eval.retrieval.RetrievalReport;
import dev.grounded.index.LuceneSearcher;
import dev.grounded.index.SearchMode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    mixinStandardHelpOptions = true,
    name = "retrieval",
    description =
        "nDCG@10, Recall@100 and MRR@10 of BM25, dense and hybrid search on a BEIR-format data set.")
final class EvalRetrievalCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Mixin RerankOptions rerank;

  @Option(
      names = "--corpus",
      required = true,
      paramLabel = "FILE",
      description = "corpus.jsonl ({\"_id\",\"title\",\"text\"} lines).")
  Path corpus;

  @Option(
      names = "--queries",
      required = true,
      paramLabel = "FILE",
      description = "queries.jsonl ({\"_id\",\"text\"} lines).")
  Path queries;

  @Option(
      names = "--qrels",
      required = true,
      paramLabel = "FILE",
      description = "qrels TSV: query-id, corpus-id, score.")
  Path qrels;

  @Option(
      names = "--mode",
      defaultValue = "all",
      description = "all, bm25, dense or hybrid (default: ${DEFAULT-VALUE}).")
  String mode;

  @Mixin FusionOptions fusion;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "Also write the results as JSON to FILE.")
  Path jsonFile;

  @Override
  public Integer call() throws IOException {
    List<SearchMode> modes =
        mode.equalsIgnoreCase("all")
            ? List.of(SearchMode.values())
            : List.of(Usage.option(() -> SearchMode.parse(mode)));
    boolean reranked = rerank.directory() != null;
    long start = System.nanoTime();
    BeirDataset data = BeirDataset.read(corpus, queries, qrels);
    String collection = common.collection != null ? common.collection() : defaultCollection(corpus);
    try (App app = common.app()) {
      syncCorpus(app, collection, data.corpus(), "corpus records");
      Map<SearchMode, RetrievalReport> reports;
      try (LuceneSearcher searcher = app.kb().searcher(collection)) {
        reports =
            new RetrievalEvaluation(app.embedder(), Metric.DEFAULTS)
                .evaluate(data, modes, m -> app.retriever(collection, searcher, m, fusion, rerank));
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      Map<String, RetrievalReport> byName = new LinkedHashMap<>();
      // reranked hybrid scores are not comparable with plain hybrid ones: they get their own name
      reports.forEach(
          (m, r) ->
              byName.put(m == SearchMode.HYBRID && reranked ? "hybrid+rerank" : m.wireName(), r));
      System.out.println(ReportTable.table(byName));
      System.out.printf(
          Locale.ROOT,
          "%d queries, %d documents, collection '%s', %.1f s%n",
          data.evaluatedQueryIds().size(),
          data.corpus().size(),
          collection,
          seconds);
      if (jsonFile != null) writeJson(byName, data, seconds);
      return 0;
    }
  }

  private void writeJson(Map<String, RetrievalReport> byName, BeirDataset data, double seconds)
      throws IOException {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("schema", REPORT_SCHEMA);
    out.put("kind", "retrieval");
    Map<String, Object> modes = new LinkedHashMap<>();
    Map<String, Double> metrics = new LinkedHashMap<>();
    byName.forEach(
        (name, r) -> {
          modes.put(name, r.means());
          r.means().forEach((metric, value) -> metrics.put(name + "." + metric, value));
        });
    out.put("metrics", metrics);
    out.put("modes", modes);
    out.put("queries", data.evaluatedQueryIds().size());
    out.put("documents", data.corpus().size());
    out.put("seconds", Math.round(seconds * 10) / 10.0);
    write(jsonFile, out);
  }

  /**
   * eval-&lt;folder of the corpus&gt;, e.g. eval-scifact, so re-runs reuse the index and other
   * collections stay apart.
   */
  static String defaultCollection(Path corpus) {
    Path parent = corpus.toAbsolutePath().normalize().getParent();
    String name =
        parent == null || parent.getFileName() == null ? "corpus" : parent.getFileName().toString();
    return evalCollection(name);
  }
}
