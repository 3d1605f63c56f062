package dev.grounded.cli;

import dev.grounded.core.GroundedException;
import dev.grounded.eval.BeirDataset;
import dev.grounded.eval.BeirSource;
import dev.grounded.eval.gate.Gate;
import dev.grounded.eval.gate.Report;
import dev.grounded.eval.gate.ReportFile;
import dev.grounded.eval.gate.Tolerance;
import dev.grounded.eval.retrieval.Metric;
import dev.grounded.eval.retrieval.ReportTable;
import dev.grounded.eval.retrieval.RetrievalEvaluation;
import dev.grounded.eval.retrieval.RetrievalReport;
import dev.grounded.index.LuceneSearcher;
import dev.grounded.index.SearchMode;
import dev.grounded.ingest.IngestSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    mixinStandardHelpOptions = true,
    name = "eval",
    description = "Evaluate retrieval on a data set; gate a report against a baseline.",
    subcommands = {EvalCommand.Retrieval.class, EvalCommand.GateCommand.class})
final class EvalCommand implements Runnable {
  /** The version of the report JSON that every eval command writes and the gate reads. */
  static final String REPORT_SCHEMA = "grounded-eval/1";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing subcommand: try 'grounded eval retrieval --help'");
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "retrieval",
      description =
          "nDCG@10, Recall@100 and MRR@10 of BM25, dense and hybrid search on a BEIR-format data set.")
  static final class Retrieval implements Callable<Integer> {
    @Mixin CommonOptions common;

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

    @Option(
        names = "--fusion-weight",
        paramLabel = "W",
        description = "Hybrid: linear fusion with this dense weight instead of RRF.")
    Double fusionWeight;

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
              : List.of(SearchMode.parse(mode));
      Checks.weight(fusionWeight);
      long start = System.nanoTime();
      BeirDataset data = BeirDataset.read(corpus, queries, qrels);
      String collection =
          common.collection != null ? common.collection() : defaultCollection(corpus);
      try (App app = new App(common.dataDir())) {
        List<BeirSource> sources = new ArrayList<>(data.corpus().size());
        for (var d : data.corpus()) sources.add(new BeirSource(d, app.kb().settingsFingerprint()));
        IngestSummary ingest = app.kb().sync(collection, sources, Progress.onStderr());
        if (ingest.failed() > 0)
          System.err.println("warning: " + ingest.failed() + " corpus records failed to ingest");
        Map<SearchMode, RetrievalReport> reports;
        try (LuceneSearcher searcher = app.kb().searcher(collection)) {
          reports =
              new RetrievalEvaluation(app.embedder(), Metric.DEFAULTS)
                  .evaluate(data, modes, m -> App.retriever(searcher, m, fusionWeight));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, RetrievalReport> byName = new LinkedHashMap<>();
        reports.forEach((m, r) -> byName.put(m.wireName(), r));
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
      try {
        Path parent = jsonFile.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.writeString(jsonFile, Json.write(out));
      } catch (IOException e) {
        throw GroundedException.invalid("json", jsonFile + ": cannot write: " + e.getMessage());
      }
    }

    /**
     * eval-&lt;folder of the corpus&gt;, e.g. eval-scifact, so re-runs reuse the index and other
     * collections stay apart.
     */
    static String defaultCollection(Path corpus) {
      Path parent = corpus.toAbsolutePath().normalize().getParent();
      String name =
          parent == null || parent.getFileName() == null
              ? "corpus"
              : parent.getFileName().toString();
      String clean = name.replaceAll("[^A-Za-z0-9_.-]", "-");
      String collection = "eval-" + (clean.isEmpty() ? "corpus" : clean);
      return collection.length() <= 64 ? collection : collection.substring(0, 64);
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "gate",
      description = {
        "Compare a report with a baseline report and fail (exit 1) if a gated metric regressed"
            + " beyond its tolerance or went missing.",
        "Reports are the --json files of 'grounded eval' commands. Metrics that a report lists in"
            + " lower_is_better regress when they rise."
      })
  static final class GateCommand implements Callable<Integer> {
    @Option(
        names = "--baseline",
        required = true,
        paramLabel = "FILE",
        description = "The report to compare against (e.g. from the main branch).")
    Path baseline;

    @Option(
        names = "--current",
        required = true,
        paramLabel = "FILE",
        description = "The report of this run.")
    Path current;

    @Option(
        names = "--max-drop",
        paramLabel = "LIST",
        description =
            "Tolerated regressions: metric=amount or metric=percent%%, comma-separated, e.g."
                + " ndcg@10=0.01,faithfulness=2%%. A name without a mode prefix gates it in every"
                + " mode (ndcg@10 gates bm25.ndcg@10 and hybrid.ndcg@10).")
    String maxDrop;

    @Option(
        names = "--default-max-drop",
        paramLabel = "AMOUNT",
        description = "Gate every other metric both reports share with this absolute tolerance.")
    Double defaultMaxDrop;

    @Override
    public Integer call() {
      if (maxDrop == null && defaultMaxDrop == null)
        throw GroundedException.invalid(
            "max-drop", "nothing to gate: give --max-drop and/or --default-max-drop");
      if (defaultMaxDrop != null && !(defaultMaxDrop >= 0))
        throw GroundedException.invalid(
            "default-max-drop", "--default-max-drop must be >= 0, not " + defaultMaxDrop);
      List<Tolerance> tolerances =
          maxDrop == null ? List.of() : Tolerance.parseList(maxDrop, "max-drop");
      Report base = ReportFile.read(baseline, "baseline");
      Report cur = ReportFile.read(current, "current");
      Gate.Result result = Gate.check(base, cur, tolerances, Optional.ofNullable(defaultMaxDrop));
      System.out.print(result.table());
      return result.passed() ? 0 : 1;
    }
  }
}
