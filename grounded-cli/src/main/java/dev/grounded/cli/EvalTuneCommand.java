package dev.grounded.cli;

import static dev.grounded.cli.EvalCommand.REPORT_SCHEMA;
import static dev.grounded.cli.EvalCommand.syncCorpus;
import static dev.grounded.cli.EvalCommand.write;

import dev.grounded.core.GroundedException;
import dev.grounded.eval.BeirDataset;
import dev.grounded.eval.retrieval.Metric;
import dev.grounded.eval.retrieval.ReportTable;
import dev.grounded.eval.retrieval.Tuning;
import dev.grounded.index.LuceneSearcher;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    mixinStandardHelpOptions = true,
    name = "tune",
    description = {
      "Find the best hybrid retrieval settings for a BEIR-format corpus: RRF k, linear dense"
          + " weight and candidate depth are scored on a dev half of the judged queries, and the"
          + " best is reported beside the defaults, BM25 and dense on the held-out half.",
      "--save stores the best setting with the collection; search, ask and the server then use"
          + " it."
    })
final class EvalTuneCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--reranker",
      paramLabel = "DIR",
      description =
          "Also try reranking the best fusion's hits with the cross-encoder in DIR, at depths 10,"
              + " 20 and 50 (default: env GROUNDED_RERANKER; none).")
  Path rerankerDir;

  @Option(names = "--corpus", required = true, paramLabel = "FILE", description = "corpus.jsonl")
  Path corpus;

  @Option(names = "--queries", required = true, paramLabel = "FILE", description = "queries.jsonl")
  Path queries;

  @Option(names = "--qrels", required = true, paramLabel = "FILE", description = "qrels TSV.")
  Path qrels;

  @Option(
      names = "--metric",
      defaultValue = "ndcg@10",
      description = "The metric tuned on the dev half (default: ${DEFAULT-VALUE}).")
  String metric;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed of the dev/held-out split (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--save", description = "Save the best setting with the collection.")
  boolean save;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
  Path jsonFile;

  @Override
  public Integer call() {
    Metric m;
    try {
      m = Metric.parse(metric);
    } catch (IllegalArgumentException e) {
      throw Usage.error("metric", e.getMessage());
    }
    RerankOptions rerank = new RerankOptions();
    rerank.dir = rerankerDir;
    Path dir = rerank.directory();
    BeirDataset data = BeirDataset.read(corpus, queries, qrels);
    String collection =
        common.collection != null
            ? common.collection()
            : EvalRetrievalCommand.defaultCollection(corpus);
    try (App app = common.app()) {
      syncCorpus(app, collection, data.corpus(), "corpus records");
      Tuning.Result r;
      try (LuceneSearcher searcher = app.kb().searcher(collection)) {
        try {
          r =
              new Tuning(app.embedder(), m)
                  .tune(
                      data,
                      searcher.bm25(),
                      searcher.dense(),
                      dir == null ? null : app.reranker(dir),
                      seed);
        } catch (IllegalArgumentException e) {
          throw GroundedException.invalid("qrels", e.getMessage());
        }
      }
      System.out.printf(
          Locale.ROOT,
          "%d settings scored by %s on %d dev queries; the best five:%n",
          r.ranking().size(),
          m.name(),
          r.devQueries());
      for (var s : r.ranking().subList(0, Math.min(5, r.ranking().size())))
        System.out.printf(Locale.ROOT, "  %-26s %.4f%n", s.settings().describe(), s.dev());
      System.out.printf(Locale.ROOT, "%nheld-out half, %d queries:%n", r.heldOutQueries());
      System.out.println(ReportTable.table(r.heldOut()));
      if (save) {
        app.kb().saveRetrievalSettings(collection, r.best());
        System.out.println("saved with collection '" + collection + "': " + r.best().describe());
      }
      if (jsonFile != null) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("schema", REPORT_SCHEMA);
        out.put("kind", "tune");
        out.put("collection", collection);
        out.put("metric", m.name());
        out.put("best", r.best().describe());
        Map<String, Double> metrics = new LinkedHashMap<>();
        r.heldOut()
            .forEach(
                (name, rep) ->
                    rep.means()
                        .forEach((k, v) -> metrics.put(name.replaceFirst(":.*", "") + "." + k, v)));
        out.put("metrics", metrics);
        Map<String, Double> dev = new LinkedHashMap<>();
        for (var s : r.ranking()) dev.put(s.settings().describe(), s.dev());
        out.put("dev", dev);
        out.put("saved", save);
        write(jsonFile, out);
      }
      return 0;
    }
  }
}
