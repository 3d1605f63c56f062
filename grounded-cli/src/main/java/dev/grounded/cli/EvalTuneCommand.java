package dev.grounded.cli;

import static dev.grounded.cli.EvalCommand.REPORT_SCHEMA;
import static dev.grounded.cli.EvalCommand.syncCorpus;
import static dev.grounded.cli.EvalCommand.write;

import dev.grounded.core.GroundedException;
import dev.grounded.eval.BeirDataset;
import dev.grounded.eval.BeirDocument;
import dev.grounded.eval.BeirReader;
import dev.grounded.eval.retrieval.Metric;
import dev.grounded.eval.retrieval.PseudoQueries;
import dev.grounded.eval.retrieval.ReportTable;
import dev.grounded.eval.retrieval.Tuning;
import dev.grounded.index.LuceneSearcher;
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
    name = "tune",
    description = {
      "Find the best hybrid retrieval settings for a BEIR-format corpus: 162 settings (RRF k"
          + " and dense weight, min-max linear and z-score dense weight, candidate depth) are"
          + " scored on a dev half of the judged queries, and the best is reported beside the"
          + " defaults, BM25 and dense on the held-out half.",
      "Without --qrels (or with --label-free) no judgements are needed: known-item"
          + " pseudo-queries made from a seeded sample of the corpus's documents stand in for"
          + " them (the setting is chosen on half of them and reported on the judged held-out"
          + " half when --qrels is given, else on the other half of the pseudo-queries). With"
          + " --collection and no --corpus, the documents are read from the ingested collection.",
      "--save stores the best setting with the collection, with how it was tuned (qrels or"
          + " label-free); search, ask and the server then use it."
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

  @Option(
      names = "--corpus",
      paramLabel = "FILE",
      description =
          "corpus.jsonl, synced into the collection (default: label-free tuning of the ingested"
              + " --collection).")
  Path corpus;

  @Option(names = "--queries", paramLabel = "FILE", description = "queries.jsonl")
  Path queries;

  @Option(
      names = "--qrels",
      paramLabel = "FILE",
      description = "qrels TSV (none: tune label-free).")
  Path qrels;

  @Option(
      names = "--label-free",
      description =
          "Choose on pseudo-queries made from the corpus instead of judged queries (implied"
              + " without --qrels; with --qrels, the judged held-out half still reports).")
  boolean labelFree;

  @Option(
      names = "--sample",
      defaultValue = "" + PseudoQueries.DEFAULT_SAMPLE,
      paramLabel = "N",
      description = "Label-free: documents sampled for pseudo-queries (default: ${DEFAULT-VALUE}).")
  int sample;

  @Option(
      names = "--pseudo-queries",
      paramLabel = "GENERATOR",
      description =
          "Label-free: how a document's query is made: other-passage (the default: a sentence of"
              + " one indexed chunk, that chunk hidden so the document must be found by its other"
              + " chunks; title when too few documents have two chunks), title, first-sentence,"
              + " sentence, sentence-half, sentence-no-rare or sentence-no-rare-half.")
  String generator;

  @Option(
      names = "--guard",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Label-free: keep the default fusion unless the best setting beats it on the"
              + " pseudo-queries by more than twice the standard error of the per-query"
              + " differences (default: on; --no-guard takes the best setting on the"
              + " pseudo-queries whatever the margin).")
  boolean guard;

  @Option(
      names = "--metric",
      defaultValue = "ndcg@10",
      description = "The metric tuned on the dev half (default: ${DEFAULT-VALUE}).")
  String metric;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description =
          "Seed of the dev/held-out split and of the label-free document sample (default:"
              + " ${DEFAULT-VALUE}).")
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
    boolean free = labelFree || qrels == null;
    if ((queries == null) != (qrels == null))
      throw Usage.error("qrels", "--queries and --qrels go together");
    if (corpus == null && common.collection == null)
      throw Usage.error(
          "corpus", "give --corpus FILE, or --collection NAME to tune an ingested collection");
    if (corpus == null && !free)
      throw Usage.error("corpus", "tuning on --qrels needs the --corpus they judge");
    if (sample < PseudoQueries.MIN_QUERIES)
      throw Usage.error(
          "sample", "--sample must be at least " + PseudoQueries.MIN_QUERIES + ": " + sample);
    PseudoQueries.Generator gen;
    try {
      gen = generator == null ? PseudoQueries.DEFAULT : PseudoQueries.Generator.parse(generator);
    } catch (IllegalArgumentException e) {
      throw Usage.error("pseudo-queries", e.getMessage());
    }
    RerankOptions rerank = new RerankOptions();
    rerank.dir = rerankerDir;
    Path dir = rerank.directory();
    BeirDataset judged = qrels == null ? null : BeirDataset.read(corpus, queries, qrels);
    List<BeirDocument> docs =
        corpus == null ? null : judged != null ? judged.corpus() : BeirReader.readCorpus(corpus);
    String collection =
        common.collection != null
            ? common.collection()
            : EvalRetrievalCommand.defaultCollection(corpus);
    // from a corpus file, a corpus too small fails before anything is embedded
    if (free && docs != null && docs.size() < PseudoQueries.MIN_QUERIES)
      throw GroundedException.invalid(
          "corpus",
          "too few documents to tune on: "
              + docs.size()
              + ", at least "
              + PseudoQueries.MIN_QUERIES
              + " are needed");
    BeirDataset fromFile =
        free && docs != null && !gen.needsChunks()
            ? PseudoQueries.generate(docs, gen, sample, seed)
            : null;
    try (App app = common.app()) {
      if (docs != null) syncCorpus(app, collection, docs, "corpus records");
      else if (!app.kb().collectionExists(collection))
        throw GroundedException.notFound("collection '" + collection + "' does not exist");
      Tuning.Result r;
      int pseudoCount = 0;
      try (LuceneSearcher searcher = app.kb().searcher(collection)) {
        Tuning tuning = new Tuning(app.embedder(), m);
        var reranker = dir == null ? null : app.reranker(dir);
        try {
          if (free) {
            Pseudo pseudo = pseudoQueries(fromFile, docs, searcher, gen);
            gen = pseudo.generator();
            pseudoCount = pseudo.queries().queries().qrels().size();
            r =
                tuning.tuneLabelFree(
                    pseudo.queries(),
                    judged,
                    searcher.bm25(),
                    searcher.dense(),
                    reranker,
                    seed,
                    guard);
          } else {
            r = tuning.tune(judged, searcher.bm25(), searcher.dense(), reranker, seed);
          }
        } catch (IllegalArgumentException e) {
          throw GroundedException.invalid(free ? "corpus" : "qrels", e.getMessage());
        }
      }
      System.out.printf(
          Locale.ROOT,
          "%d settings scored by %s on %d dev %s; the best five:%n",
          r.ranking().size(),
          m.name(),
          r.devQueries(),
          free
              ? "pseudo-queries (" + gen.wireName() + ", of " + pseudoCount + " made)"
              : "queries");
      for (var s : r.ranking().subList(0, Math.min(5, r.ranking().size())))
        System.out.printf(Locale.ROOT, "  %-26s %.4f%n", s.settings().describe(), s.dev());
      System.out.printf(
          Locale.ROOT,
          "%nheld-out half, %d %s:%n",
          r.heldOutQueries(),
          judged != null ? "judged queries" : "pseudo-queries (known-item, not real judgements)");
      System.out.println(ReportTable.table(r.heldOut()));
      String tuned = free ? "label-free" : "qrels";
      if (save) {
        app.kb().saveRetrievalSettings(collection, r.best(), tuned);
        System.out.println(
            "saved with collection '" + collection + "' (" + tuned + "): " + r.best().describe());
      }
      if (jsonFile != null) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("schema", REPORT_SCHEMA);
        out.put("kind", "tune");
        out.put("collection", collection);
        out.put("metric", m.name());
        out.put("tuned", tuned);
        if (free) {
          out.put("pseudo_queries", gen.wireName());
          out.put("pseudo_query_count", pseudoCount);
        }
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

  /** Pseudo-queries and the generator that made them. */
  private record Pseudo(PseudoQueries.Hidden queries, PseudoQueries.Generator generator) {}

  /**
   * The pseudo-queries to tune on: those made from the corpus file before syncing, else made from
   * the corpus file's or the collection's documents and the indexed chunks; the default generator
   * gives way to {@link PseudoQueries#FALLBACK} (with a note) when it cannot make enough.
   */
  private Pseudo pseudoQueries(
      BeirDataset fromFile,
      List<BeirDocument> docs,
      LuceneSearcher searcher,
      PseudoQueries.Generator gen) {
    if (fromFile != null) return new Pseudo(new PseudoQueries.Hidden(fromFile, Map.of()), gen);
    List<BeirDocument> source =
        docs != null ? docs : IndexedDocuments.sample(searcher, sample, seed);
    try {
      return new Pseudo(PseudoQueries.generate(source, gen, sample, seed, searcher::chunks), gen);
    } catch (GroundedException e) {
      if (generator != null || gen == PseudoQueries.FALLBACK) throw e;
      PseudoQueries.Generator fallback = PseudoQueries.FALLBACK;
      Pseudo p =
          new Pseudo(
              PseudoQueries.generate(source, fallback, sample, seed, searcher::chunks), fallback);
      System.err.println(
          "note: " + e.getMessage() + "; using " + fallback.wireName() + " pseudo-queries");
      return p;
    }
  }
}
