package dev.grounded.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grounded.answer.Asker;
import dev.grounded.core.GroundedException;
import dev.grounded.eval.BeirDataset;
import dev.grounded.eval.BeirSource;
import dev.grounded.eval.answer.AnswerEvaluation;
import dev.grounded.eval.answer.AnswerReport;
import dev.grounded.eval.answer.ItemResult;
import dev.grounded.eval.answer.JudgeSupport;
import dev.grounded.eval.answer.LexicalSupport;
import dev.grounded.eval.answer.QaDataset;
import dev.grounded.eval.answer.QaItem;
import dev.grounded.eval.answer.SupportChecker;
import dev.grounded.eval.code.CodeEvaluation;
import dev.grounded.eval.code.Problem;
import dev.grounded.eval.code.Sample;
import dev.grounded.eval.code.Sandbox;
import dev.grounded.eval.gate.Gate;
import dev.grounded.eval.gate.Report;
import dev.grounded.eval.gate.ReportFile;
import dev.grounded.eval.gate.Tolerance;
import dev.grounded.eval.judge.Calibration;
import dev.grounded.eval.judge.CalibrationTable;
import dev.grounded.eval.judge.ChatClient;
import dev.grounded.eval.judge.Judge;
import dev.grounded.eval.judge.LabelsFile;
import dev.grounded.eval.judge.Rubric;
import dev.grounded.eval.report.HtmlReport;
import dev.grounded.eval.retrieval.Metric;
import dev.grounded.eval.retrieval.ReportTable;
import dev.grounded.eval.retrieval.RetrievalEvaluation;
import dev.grounded.eval.retrieval.RetrievalReport;
import dev.grounded.eval.retrieval.Tuning;
import dev.grounded.index.LuceneSearcher;
import dev.grounded.index.SearchMode;
import dev.grounded.ingest.IngestSummary;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    mixinStandardHelpOptions = true,
    name = "eval",
    description = "Evaluate retrieval or answers on a data set; gate a report against a baseline.",
    subcommands = {
      EvalCommand.Retrieval.class,
      EvalCommand.Answers.class,
      EvalCommand.Calibrate.class,
      EvalCommand.Code.class,
      EvalCommand.Tune.class,
      EvalCommand.GateCommand.class
    })
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
                  .evaluate(data, modes, m -> app.retriever(collection, searcher, m, fusionWeight));
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
      write(jsonFile, out);
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
      return evalCollection(name);
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "answers",
      description = {
        "Ask every question of a QA data set and score the cited answers: SQuAD exact match and"
            + " F1, ROUGE-L, BLEU, retrieval recall of the gold context, faithfulness, citation"
            + " precision and recall, hallucination and abstention.",
        "The data set is SQuAD JSON (v1.1/v2.0) or JSONL ({\"id\", \"question\", \"answers\","
            + " \"answerable\"?, \"context_ids\"?, \"context\"?}). Without --collection its"
            + " contexts are ingested as the corpus."
      })
  static final class Answers implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(
        names = "--dataset",
        required = true,
        paramLabel = "FILE",
        description = "SQuAD JSON or QA JSONL.")
    Path dataset;

    @Option(
        names = {"-k", "--k"},
        defaultValue = "5",
        description = "Chunks retrieved per question (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(
        names = "--limit",
        paramLabel = "N",
        description = "Evaluate only the first N questions (the corpus stays whole).")
    Integer limit;

    @Option(
        names = "--generator",
        defaultValue = "extractive",
        description =
            "The answerer: extractive (offline; quotes the corpus). (default: ${DEFAULT-VALUE})")
    String generator;

    @Option(
        names = "--support-threshold",
        defaultValue = "0.8",
        paramLabel = "T",
        description =
            "Share of a sentence's content words its source must contain to support it"
                + " (default: ${DEFAULT-VALUE}).")
    double supportThreshold;

    @Option(
        names = "--json",
        paramLabel = "FILE",
        description = "Also write the report (metrics, intervals, every item) as JSON to FILE.")
    Path jsonFile;

    @Option(
        names = "--judge",
        paramLabel = "RUBRIC",
        description =
            "Also grade every answer with an LLM judge (rubric YAML showing any of question,"
                + " answer, context, gold); its scores become the metric judge.<rubric>.")
    Path judgeRubric;

    @Option(
        names = "--support-judge",
        paramLabel = "RUBRIC",
        description =
            "Decide support with an LLM judge (rubric showing [claim, source], best label ="
                + " supported) instead of the lexical checker.")
    Path supportRubric;

    @Option(
        names = "--judge-model",
        paramLabel = "MODEL",
        description = "The judge's model (needed with --judge or --support-judge).")
    String judgeModel;

    @Option(
        names = "--judge-base-url",
        paramLabel = "URL",
        description = "The judge's OpenAI-compatible API base (default: env OPENAI_BASE_URL).")
    String judgeBaseUrl;

    @Option(
        names = "--judge-api-key-env",
        defaultValue = "OPENAI_API_KEY",
        paramLabel = "VAR",
        description =
            "Environment variable holding the judge's API key (default: ${DEFAULT-VALUE}).")
    String judgeKeyEnv;

    @Option(
        names = "--judge-calibration",
        paramLabel = "FILE",
        description =
            "The judge's 'eval calibrate --json' result: its metric can gate a build only when this"
                + " calibration (same rubric and model) met the rubric's min_kappa.")
    Path judgeCalibration;

    @Option(
        names = "--html",
        paramLabel = "FILE",
        description =
            "Also write a self-contained HTML report: metrics with intervals, score histograms,"
                + " the worst items with their answers and citations.")
    Path htmlFile;

    @Override
    public Integer call() throws IOException {
      if (!generator.equals("extractive"))
        throw GroundedException.invalid(
            "generator", "unknown generator '" + generator + "': the offline one is 'extractive'");
      if (k < 1 || k > 100) throw GroundedException.invalid("k", "--k must be in 1..100, not " + k);
      if (limit != null && limit < 1)
        throw GroundedException.invalid("limit", "--limit must be >= 1, not " + limit);
      if ((judgeRubric != null || supportRubric != null) && judgeModel == null)
        throw GroundedException.invalid(
            "judge-model", "--judge and --support-judge need --judge-model");
      if (!(supportThreshold > 0 && supportThreshold <= 1))
        throw GroundedException.invalid(
            "support-threshold", "--support-threshold must be in (0, 1], not " + supportThreshold);
      long start = System.nanoTime();
      QaDataset data = QaDataset.read(dataset);
      if (limit != null) data = data.limit(limit);
      String collection =
          common.collection != null ? common.collection() : evalCollection(data.name());
      try (App app = new App(common.dataDir())) {
        if (common.collection == null) {
          List<BeirSource> sources = new ArrayList<>(data.contexts().size());
          for (var d : data.contexts())
            sources.add(new BeirSource(d, app.kb().settingsFingerprint()));
          if (sources.isEmpty())
            throw GroundedException.invalid(
                "dataset", dataset + ": no contexts to ingest; give --collection to use one");
          IngestSummary ingest = app.kb().sync(collection, sources, Progress.onStderr());
          if (ingest.failed() > 0)
            System.err.println("warning: " + ingest.failed() + " contexts failed to ingest");
        }
        List<ItemResult> results;
        try (LuceneSearcher searcher = app.kb().searcher(collection)) {
          Asker asker = app.asker(collection, searcher);
          Judge answerJudge = judgeRubric == null ? null : judge(judgeRubric);
          SupportChecker support =
              supportRubric == null
                  ? new LexicalSupport(supportThreshold)
                  : new JudgeSupport(judge(supportRubric));
          int parallelism = 2 * Runtime.getRuntime().availableProcessors();
          AtomicInteger done = new AtomicInteger();
          int total = data.items().size();
          results =
              withJudge(
                      new AnswerEvaluation(
                          q -> asker.askWithContext(q, k), support, app.executor(), parallelism),
                      answerJudge)
                  .run(
                      data.items(),
                      i -> {
                        int n = done.incrementAndGet();
                        if (n % 500 == 0 || n == total)
                          System.err.printf(Locale.ROOT, "answered %d of %d%n", n, total);
                      });
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("collection", collection);
        config.put("k", k);
        config.put("generator", generator);
        if (supportRubric == null) {
          config.put("support_checker", "lexical");
          config.put("support_threshold", supportThreshold);
        } else {
          config.put("support_checker", "judge:" + Rubric.read(supportRubric).name());
          config.put("judge_model", judgeModel);
        }
        AnswerReport report = AnswerReport.of(data.name(), config, results);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.print(report.table());
        long answerable = data.items().stream().filter(QaItem::answerable).count();
        System.out.printf(
            Locale.ROOT,
            "%d questions (%d answerable, %d unanswerable), collection '%s', k=%d, %.1f s%n",
            data.items().size(),
            answerable,
            data.items().size() - answerable,
            collection,
            k,
            seconds);
        if (jsonFile != null) {
          Map<String, Object> out = report.toMap();
          if (judgeRubric != null) out.put("judges", judges());
          out.put("seconds", Math.round(seconds * 10) / 10.0);
          write(jsonFile, out);
        }
        if (htmlFile != null) writeText(htmlFile, HtmlReport.of(report));
        return 0;
      }
    }

    private static AnswerEvaluation withJudge(AnswerEvaluation e, Judge judge) {
      return judge == null ? e : e.withJudge(judge);
    }

    private Judge judge(Path rubric) {
      String url = judgeBaseUrl != null ? judgeBaseUrl : System.getenv("OPENAI_BASE_URL");
      if (url == null || url.isBlank())
        throw GroundedException.invalid(
            "judge-base-url", "no judge endpoint: give --judge-base-url or set OPENAI_BASE_URL");
      ChatClient client =
          new ChatClient(
              httpUrl(url, "judge-base-url"),
              System.getenv(judgeKeyEnv),
              HttpClient.newHttpClient(),
              Duration.ofSeconds(120),
              3);
      return new Judge(Rubric.read(rubric), client, judgeModel, 0);
    }

    /** The judges section of the report: rubric, model and the calibration that vouches for it. */
    private Map<String, Object> judges() {
      Rubric rubric = Rubric.read(judgeRubric);
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("rubric", rubric.name());
      j.put("model", judgeModel);
      Object calibration = null;
      if (judgeCalibration != null) {
        JsonNode cal;
        try {
          cal = Json.MAPPER.readTree(judgeCalibration.toFile());
        } catch (IOException e) {
          throw GroundedException.invalid(
              "judge-calibration", judgeCalibration + ": not readable JSON: " + e.getMessage());
        }
        if (!"calibration".equals(cal.path("kind").asText())
            || !rubric.name().equals(cal.path("rubric").asText())
            || !judgeModel.equals(cal.path("model").asText()))
          throw GroundedException.invalid(
              "judge-calibration",
              judgeCalibration
                  + ": not a calibration of rubric '"
                  + rubric.name()
                  + "' with model '"
                  + judgeModel
                  + "'");
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("kappa", cal.path("metrics").path("kappa").asDouble());
        c.put("min_kappa", cal.path("min_kappa").asDouble());
        c.put("usable_for_gating", cal.path("usable_for_gating").asBoolean(false));
        c.put("items", cal.path("items").asInt());
        calibration = c;
      }
      j.put("calibration", calibration);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("judge." + rubric.name(), j);
      return out;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "calibrate",
      description = {
        "Measure an LLM judge against human labels: agreement, Cohen's kappa (quadratic weights on"
            + " an ordinal scale), the confusion matrix and repeat consistency.",
        "The judge runs through any OpenAI-compatible endpoint. Labels are JSONL: {\"id\","
            + " <the rubric's fields>..., \"label\"}. A judge whose kappa is below the rubric's"
            + " min_kappa is reported as not usable for gating."
      })
  static final class Calibrate implements Callable<Integer> {
    @Option(names = "--judge", required = true, paramLabel = "RUBRIC", description = "Rubric YAML.")
    Path rubricFile;

    @Option(
        names = "--labels",
        required = true,
        paramLabel = "FILE",
        description = "Human-labelled items (JSONL).")
    Path labels;

    @Option(
        names = "--base-url",
        paramLabel = "URL",
        description =
            "The judge's OpenAI-compatible API base, e.g. http://localhost:11434/v1 (default: env"
                + " OPENAI_BASE_URL).")
    String baseUrl;

    @Option(names = "--model", required = true, description = "The judge model's name.")
    String model;

    @Option(
        names = "--api-key-env",
        defaultValue = "OPENAI_API_KEY",
        paramLabel = "VAR",
        description = "Environment variable holding the API key (default: ${DEFAULT-VALUE}).")
    String apiKeyEnv;

    @Option(
        names = "--repeats",
        defaultValue = "3",
        description =
            "Times each item is judged, for repeat consistency (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(
        names = "--temperature",
        defaultValue = "0",
        description = "Sampling temperature of the judge (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the result as JSON.")
    Path jsonFile;

    @Override
    public Integer call() {
      if (repeats < 1 || repeats > 20)
        throw GroundedException.invalid("repeats", "--repeats must be in 1..20, not " + repeats);
      String url = baseUrl != null ? baseUrl : System.getenv("OPENAI_BASE_URL");
      if (url == null || url.isBlank())
        throw GroundedException.invalid(
            "base-url", "no judge endpoint: give --base-url or set OPENAI_BASE_URL");
      URI base = httpUrl(url, "base-url");
      Rubric rubric = Rubric.read(rubricFile);
      List<Calibration.Labelled> items = LabelsFile.read(labels, rubric);
      ChatClient client =
          new ChatClient(
              base,
              System.getenv(apiKeyEnv),
              HttpClient.newHttpClient(),
              Duration.ofSeconds(120),
              3);
      Calibration c =
          Calibration.run(new Judge(rubric, client, model, temperature), model, items, repeats);
      System.out.print(CalibrationTable.of(c));
      if (jsonFile != null) write(jsonFile, c.toMap());
      return 0;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "code",
      description = {
        "Run candidate programs against HumanEval-style problems and report pass@k (the unbiased"
            + " estimator).",
        "Each sample runs in a subprocess in a fresh temporary directory with a time and a memory"
            + " limit, an empty environment and no network (Linux: unshare, prlimit). Python runs"
            + " under python3, Java under this JDK's source launcher."
      })
  static final class Code implements Callable<Integer> {
    @Option(
        names = "--problems",
        required = true,
        paramLabel = "FILE",
        description = "JSONL: task_id, prompt, entry_point, test, language (python|java).")
    Path problems;

    @Option(
        names = "--samples",
        required = true,
        paramLabel = "FILE",
        description = "JSONL: task_id, completion (any number per task).")
    Path samples;

    @Option(
        names = "--k",
        defaultValue = "1,10,100",
        split = ",",
        paramLabel = "K",
        description =
            "The k of pass@k (default: ${DEFAULT-VALUE}); a k above a task's samples skips it.")
    List<Integer> ks;

    @Option(
        names = "--timeout",
        defaultValue = "10",
        paramLabel = "SECONDS",
        description = "Wall-clock limit per sample (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(
        names = "--memory-mb",
        defaultValue = "512",
        description = "Memory limit per sample in MB (default: ${DEFAULT-VALUE}).")
    int memoryMb;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path jsonFile;

    @Override
    public Integer call() throws Exception {
      if (timeoutSeconds < 1 || timeoutSeconds > 3600)
        throw GroundedException.invalid("timeout", "--timeout must be in 1..3600 seconds");
      if (memoryMb < 16) throw GroundedException.invalid("memory-mb", "--memory-mb must be >= 16");
      for (int k : ks) if (k < 1) throw GroundedException.invalid("k", "--k values must be >= 1");
      List<Problem> ps = CodeEvaluation.readProblems(problems);
      List<Sample> ss = CodeEvaluation.readSamples(samples);
      Sandbox.checkAvailable();
      String java = ProcessHandle.current().info().command().orElse("java");
      Sandbox sandbox =
          new Sandbox(Duration.ofSeconds(timeoutSeconds), (long) memoryMb << 20, "python3", java);
      List<CodeEvaluation.ProblemResult> results;
      try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
        results =
            new CodeEvaluation(sandbox, executor, Runtime.getRuntime().availableProcessors())
                .run(ps, ss);
      }
      Map<String, Double> metrics = CodeEvaluation.passAtK(results, ks);
      List<Map<String, Object>> rows = new ArrayList<>();
      for (var r : results) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("task_id", r.problem().taskId());
        row.put("samples", r.outcomes().size());
        row.put("passed", r.passed());
        List<Map<String, Object>> outcomes = new ArrayList<>();
        for (var o : r.outcomes())
          outcomes.add(
              Map.of(
                  "status", o.status().name().toLowerCase(Locale.ROOT),
                  "ms", o.millis(),
                  "output", o.output()));
        row.put("outcomes", outcomes);
        rows.add(row);
        System.out.printf(
            Locale.ROOT,
            "%-30s %3d/%-3d passed%n",
            r.problem().taskId(),
            r.passed(),
            r.outcomes().size());
      }
      metrics.forEach((k, v) -> System.out.printf(Locale.ROOT, "%s %.4f%n", k, v));
      if (jsonFile != null) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("schema", REPORT_SCHEMA);
        out.put("kind", "code");
        out.put("metrics", metrics);
        out.put("problems", rows);
        write(jsonFile, out);
      }
      return 0;
    }
  }

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
  static final class Tune implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--corpus", required = true, paramLabel = "FILE", description = "corpus.jsonl")
    Path corpus;

    @Option(
        names = "--queries",
        required = true,
        paramLabel = "FILE",
        description = "queries.jsonl")
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
        throw GroundedException.invalid("metric", e.getMessage());
      }
      BeirDataset data = BeirDataset.read(corpus, queries, qrels);
      String collection =
          common.collection != null ? common.collection() : Retrieval.defaultCollection(corpus);
      try (App app = new App(common.dataDir())) {
        List<BeirSource> sources = new ArrayList<>(data.corpus().size());
        for (var d : data.corpus()) sources.add(new BeirSource(d, app.kb().settingsFingerprint()));
        IngestSummary ingest = app.kb().sync(collection, sources, Progress.onStderr());
        if (ingest.failed() > 0)
          System.err.println("warning: " + ingest.failed() + " corpus records failed to ingest");
        Tuning.Result r;
        try (LuceneSearcher searcher = app.kb().searcher(collection)) {
          try {
            r = new Tuning(app.embedder(), m).tune(data, searcher.bm25(), searcher.dense(), seed);
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
                          .forEach(
                              (k, v) -> metrics.put(name.replaceFirst(":.*", "") + "." + k, v)));
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

  static URI httpUrl(String url, String param) {
    try {
      URI u = URI.create(url);
      if (u.getScheme() != null && u.getScheme().matches("https?") && u.getHost() != null) return u;
    } catch (IllegalArgumentException e) {
      // below
    }
    throw GroundedException.invalid(param, "'" + url + "' is not an http(s) URL");
  }

  /** eval-&lt;name&gt;, cleaned to a valid collection name. */
  static String evalCollection(String name) {
    String clean = name.replaceAll("[^A-Za-z0-9_.-]", "-");
    String collection = "eval-" + (clean.isEmpty() ? "corpus" : clean);
    return collection.length() <= 64 ? collection : collection.substring(0, 64);
  }

  static void write(Path jsonFile, Object value) {
    writeText(jsonFile, Json.write(value));
  }

  static void writeText(Path file, String text) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      Files.writeString(file, text);
    } catch (IOException e) {
      throw GroundedException.invalid("output", file + ": cannot write: " + e.getMessage());
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
