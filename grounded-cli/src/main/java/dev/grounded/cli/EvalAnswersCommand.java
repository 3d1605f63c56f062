package dev.grounded.cli;

import static dev.grounded.cli.EvalCommand.evalCollection;
import static dev.grounded.cli.EvalCommand.syncCorpus;
import static dev.grounded.cli.EvalCommand.write;
import static dev.grounded.cli.EvalCommand.writeText;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grounded.answer.Asker;
import dev.grounded.answer.LexicalSupport;
import dev.grounded.answer.SemanticSupport;
import dev.grounded.answer.SupportChecker;
import dev.grounded.core.GroundedException;
import dev.grounded.eval.answer.AnswerEvaluation;
import dev.grounded.eval.answer.AnswerMetric;
import dev.grounded.eval.answer.AnswerReport;
import dev.grounded.eval.answer.ItemResult;
import dev.grounded.eval.answer.JudgeSupport;
import dev.grounded.eval.answer.QaDataset;
import dev.grounded.eval.answer.QaItem;
import dev.grounded.eval.judge.Judge;
import dev.grounded.eval.judge.Rubric;
import dev.grounded.eval.report.HtmlReport;
import dev.grounded.gateway.client.ChatModel;
import dev.grounded.index.LuceneSearcher;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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
final class EvalAnswersCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Mixin RerankOptions rerank;

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

  @Mixin GeneratorOptions generation;

  @Option(
      names = "--parallel",
      paramLabel = "N",
      description =
          "Questions answered at once (default: twice the cores; raise it for a remote model).")
  Integer parallel;

  @Option(
      names = "--support-checker",
      paramLabel = "NAME",
      description =
          "The offline support checker: lexical (content words) or semantic (also accepts close"
              + " paraphrases: embedding cosine >= 0.9 with a source sentence). Default: semantic"
              + " for a model generator (its verifier's), lexical otherwise.")
  String supportChecker;

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
      paramLabel = "VAR",
      description =
          "Environment variable holding the judge's API key; it must be set (default:"
              + " OPENAI_API_KEY if set, else no key).")
  String judgeKeyEnv;

  @Option(
      names = "--judge-calibration",
      paramLabel = "FILE",
      description =
          "The judge's 'eval calibrate --json' result: its metric can gate a build only when this"
              + " calibration (same rubric and model) met the rubric's min_kappa.")
  Path judgeCalibration;

  @Option(
      names = "--failures",
      paramLabel = "FILE",
      description =
          "Also write the questions that failed (gold answer missing from the answer, an"
              + " unanswerable question answered) as QA JSONL, ready to join a failure set.")
  Path failuresFile;

  @Option(
      names = "--html",
      paramLabel = "FILE",
      description =
          "Also write a self-contained HTML report: metrics with intervals, score histograms,"
              + " the worst items with their answers and citations.")
  Path htmlFile;

  @Override
  public Integer call() throws IOException {
    generation.check(common.data.config());
    Path reranker = rerank.directory();
    if (k < 1 || k > 100) throw Usage.error("k", "--k must be in 1..100, not " + k);
    if (parallel != null && (parallel < 1 || parallel > 256))
      throw Usage.error("parallel", "--parallel must be in 1..256, not " + parallel);
    if (limit != null && limit < 1)
      throw Usage.error("limit", "--limit must be >= 1, not " + limit);
    if ((judgeRubric != null || supportRubric != null) && judgeModel == null)
      throw Usage.error("judge-model", "--judge and --support-judge need --judge-model");
    if (supportChecker == null)
      supportChecker = generation.model() != null ? "semantic" : "lexical";
    if (!supportChecker.equals("lexical") && !supportChecker.equals("semantic"))
      throw Usage.error(
          "support-checker",
          "unknown support checker '" + supportChecker + "': use lexical or semantic");
    if (!(supportThreshold > 0 && supportThreshold <= 1))
      throw Usage.error(
          "support-threshold", "--support-threshold must be in (0, 1], not " + supportThreshold);
    long start = System.nanoTime();
    QaDataset data = QaDataset.read(dataset);
    if (limit != null) data = data.limit(limit);
    String collection =
        common.collection != null ? common.collection() : evalCollection(data.name());
    try (App app = common.app()) {
      if (common.collection == null) {
        if (data.contexts().isEmpty())
          throw GroundedException.invalid(
              "dataset", dataset + ": no contexts to ingest; give --collection to use one");
        syncCorpus(app, collection, data.contexts(), "contexts");
      }
      // rubrics are read once, before any question is asked: a bad rubric fails fast
      Judge answerJudge = judgeRubric == null ? null : judge(judgeRubric);
      Judge supportJudge = supportRubric == null ? null : judge(supportRubric);
      List<ItemResult> results;
      try (LuceneSearcher searcher = app.kb().searcher(collection)) {
        Asker asker = app.asker(collection, searcher, generation, rerank);
        SupportChecker support =
            supportJudge != null
                ? new JudgeSupport(supportJudge)
                : supportChecker.equals("semantic")
                    ? new SemanticSupport(app.concurrentEmbedder(), supportThreshold)
                    : new LexicalSupport(supportThreshold);
        int parallelism =
            parallel != null ? parallel : 2 * Runtime.getRuntime().availableProcessors();
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
                        System.err.printf(Locale.ROOT, "asked %d of %d%n", n, total);
                    });
      }
      Map<String, Object> config = new LinkedHashMap<>();
      config.put("dataset_version", data.version());
      config.put("collection", collection);
      config.put("k", k);
      config.put("generator", generation.generator);
      if (reranker != null) {
        config.put("reranker", reranker.toString());
        config.put("rerank_depth", rerank.effectiveDepth(app.kb().retrievalSettings(collection)));
      }
      if (generation.readerDir() != null) config.put("min_score", generation.readerMinConfidence());
      else if (generation.model() == null)
        config.put("min_score", generation.extractive().minScore());
      if (supportRubric == null) {
        config.put("support_checker", supportChecker);
        config.put("support_threshold", supportThreshold);
      } else {
        config.put("support_checker", "judge:" + supportJudge.rubric().name());
        config.put("judge_model", judgeModel);
      }
      AnswerReport report = AnswerReport.of(data.name(), config, results);
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.print(report.table());
      long answerable = data.items().stream().filter(QaItem::answerable).count();
      long failedItems = results.stream().filter(ItemResult::failed).count();
      long abstained = results.stream().filter(r -> !r.failed() && r.abstained()).count();
      System.out.printf(
          Locale.ROOT,
          "%d questions (%d answerable, %d unanswerable): %d answered, %d abstained, %d failed;"
              + " collection '%s', k=%d, %.1f s%n",
          data.items().size(),
          answerable,
          data.items().size() - answerable,
          results.size() - abstained - failedItems,
          abstained,
          failedItems,
          collection,
          k,
          seconds);
      Map<String, Object> usage = usage();
      usage.forEach((role, u) -> System.out.println("model calls, " + role + ": " + Json.write(u)));
      if (jsonFile != null) {
        Map<String, Object> out = report.toMap();
        if (!usage.isEmpty()) out.put("usage", usage);
        if (judgeRubric != null) out.put("judges", judges(answerJudge.rubric()));
        out.put("seconds", Math.round(seconds * 10) / 10.0);
        write(jsonFile, out);
      }
      if (htmlFile != null) writeText(htmlFile, HtmlReport.of(report));
      if (failuresFile != null) writeText(failuresFile, failures(results, data.version()));
      return 0;
    }
  }

  /** Failed items in the JSONL data set format, with why they failed and what was answered. */
  static String failures(List<ItemResult> results, String version) {
    StringBuilder b = new StringBuilder();
    for (ItemResult r : results) {
      if (r.failed()) continue; // not answered at all: no verdict on the answerer
      String why;
      if (r.item().answerable() && r.abstained()) why = "abstained on an answerable question";
      else if (r.item().answerable()
          && r.scores().getOrDefault(AnswerMetric.GOLD_IN_ANSWER, 1.0) == 0.0)
        why = "the gold answer is not in the answer";
      else if (!r.item().answerable() && !r.abstained()) why = "answered an unanswerable question";
      else continue;
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("id", r.item().id());
      line.put("question", r.item().question());
      line.put("answers", r.item().answers());
      line.put("answerable", r.item().answerable());
      if (!r.item().contextIds().isEmpty()) line.put("context_ids", r.item().contextIds());
      line.put("failed_because", why);
      line.put("answer", r.prediction());
      line.put("dataset_version", version);
      b.append(Json.line(line)).append('\n');
    }
    return b.toString();
  }

  private static AnswerEvaluation withJudge(AnswerEvaluation e, Judge judge) {
    return judge == null ? e : e.withJudge(judge);
  }

  private ChatModel judgeModelClient;

  private Judge judge(Path rubric) {
    if (judgeModelClient == null)
      judgeModelClient =
          Upstreams.chatModel(
              common.data.config(),
              judgeModel,
              judgeBaseUrl,
              "judge-base-url",
              judgeKeyEnv,
              "judge-api-key-env");
    return new Judge(
        Rubric.read(rubric), judgeModelClient, 0, Prompts.judge(common.data.database()));
  }

  /** Model calls the run made, by role (empty when it made none). */
  private Map<String, Object> usage() {
    Map<String, Object> out = new LinkedHashMap<>();
    if (generation.model() != null) out.put("generator", usage(generation.chatModel().totals()));
    if (judgeModelClient != null) out.put("judge", usage(judgeModelClient.totals()));
    return out;
  }

  private static Map<String, Object> usage(ChatModel.Totals u) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("calls", u.calls());
    m.put("prompt_tokens", u.promptTokens());
    m.put("completion_tokens", u.completionTokens());
    m.put("retries", u.retries());
    return m;
  }

  /** The judges section of the report: rubric, model and the calibration that vouches for it. */
  private Map<String, Object> judges(Rubric rubric) {
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
      c.put("n", cal.path("n").asInt());
      calibration = c;
    }
    j.put("calibration", calibration);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("judge." + rubric.name(), j);
    return out;
  }
}
