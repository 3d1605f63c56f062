package dev.grounded.cli;

import static dev.grounded.cli.EvalCommand.evalCollection;
import static dev.grounded.cli.EvalCommand.syncCorpus;
import static dev.grounded.cli.EvalCommand.writeText;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grounded.answer.Answerability;
import dev.grounded.answer.AnswerabilityModel;
import dev.grounded.answer.ExtractiveGenerator;
import dev.grounded.answer.ExtractiveOptions;
import dev.grounded.answer.Question;
import dev.grounded.eval.answer.AnswerabilityFit;
import dev.grounded.eval.answer.AnswerabilityFit.Example;
import dev.grounded.eval.answer.QaDataset;
import dev.grounded.eval.answer.QaItem;
import dev.grounded.eval.answer.Selective;
import dev.grounded.index.LuceneSearcher;
import dev.grounded.index.Retriever;
import dev.grounded.index.SearchMode;
import dev.grounded.index.SearchQuery;
import dev.grounded.index.TermStatistics;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    mixinStandardHelpOptions = true,
    name = "answerability-fit",
    description = {
      "Fit the extractive answerer's answerability model on a SQuAD 2.0 file and measure it:"
          + " the questions of even-indexed articles fit it, those of odd-indexed articles"
          + " (held out) measure it. Prints the held-out abstention AUROC and operating points of"
          + " the extractive score alone and of the combined confidence.",
      "Each question's features (the best sentence of its retrieved context) are cached in"
          + " --features, so refits do not retrieve again."
    })
final class EvalAnswerabilityFitCommand implements java.util.concurrent.Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--dataset",
      required = true,
      paramLabel = "FILE",
      description = "SQuAD 2.0 JSON (its contexts are ingested as the corpus).")
  Path dataset;

  @Option(
      names = "--features",
      paramLabel = "FILE",
      description =
          "Feature cache (JSONL; default: answerability-<dataset>.jsonl in the data directory).")
  Path featuresFile;

  @Option(
      names = "--sample",
      paramLabel = "N",
      description = "Use N questions drawn at random (seed 14) instead of all.")
  Integer sample;

  @Option(
      names = {"-k", "--k"},
      defaultValue = "5",
      description = "Chunks retrieved per question (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(
      names = "--l2",
      defaultValue = "0.001",
      description = "L2 penalty on standardised weights (default: ${DEFAULT-VALUE}).")
  double l2;

  @Option(
      names = "--answer-rate",
      defaultValue = "0.9",
      description =
          "The default threshold answers this share of the fit half's answerable questions"
              + " (default: ${DEFAULT-VALUE}).")
  double answerRate;

  @Option(
      names = "--drop-gold",
      paramLabel = "N",
      description =
          "Also fit on N answerable questions of the fit half asked without their own paragraph"
              + " (its chunks dropped from the retrieved context) and labelled unanswerable: the"
              + " near-topic kind of unanswerable question (the corpus is on the topic but lacks the"
              + " fact), which SQuAD 2.0's own unanswerable questions (written against a paragraph"
              + " that stays in the corpus) do not cover. Held-out figures stay on SQuAD's labels; N such"
              + " questions of the held-out half are reported apart.")
  int dropGold;

  @Option(
      names = "--drop-gold-features",
      paramLabel = "FILE",
      description = "Cache of the --drop-gold questions (default: beside --features, .nogold).")
  Path dropGoldFile;

  @Option(
      names = "--cached-only",
      description =
          "Use only the questions already in the feature cache (nothing is ingested or retrieved).")
  boolean cachedOnly;

  @Option(
      names = "--use",
      split = ",",
      paramLabel = "FEATURE",
      description =
          "Fit only these features (the others get weight 0), to compare subsets (default: all).")
  List<String> use;

  @Option(
      names = "--parallel",
      defaultValue = "2",
      description = "Questions processed at once (default: ${DEFAULT-VALUE}).")
  int parallel;

  @Option(
      names = "--write-model",
      paramLabel = "FILE",
      description = "Write the fitted model (answerability.properties format) to FILE.")
  Path modelFile;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NO_GOLD = "#nogold";
  private static final double[] EXPONENTS = {0.25, 0.5, 1, 1.5, 2, 3, 4, 6};

  @Override
  public Integer call() throws Exception {
    if (parallel < 1 || parallel > 64) throw Usage.error("parallel", "--parallel must be 1..64");
    if (!(answerRate > 0 && answerRate <= 1))
      throw Usage.error("answer-rate", "--answer-rate must be in (0, 1]");
    QaDataset data = QaDataset.read(dataset);
    List<QaItem> items = new ArrayList<>(data.items());
    if (sample != null && sample < items.size()) {
      Collections.shuffle(items, new Random(14));
      items = new ArrayList<>(items.subList(0, sample));
    }
    Map<String, Integer> groups = new LinkedHashMap<>();
    for (QaItem item : data.items()) groups.putIfAbsent(article(item), groups.size());
    Path cache =
        featuresFile != null
            ? featuresFile
            : common.dataDir().resolve("answerability-" + data.name() + ".jsonl");
    String key = data.version() + " k=" + k;
    Map<String, Best> cached = readCache(cache, key);
    if (cachedOnly) items = items.stream().filter(i -> cached.containsKey(i.id())).toList();
    List<QaItem> todo = items.stream().filter(i -> !cached.containsKey(i.id())).toList();
    // answerable fit-half questions without their paragraph: unanswerable, fit half only
    List<QaItem> noGold = new ArrayList<>();
    for (int half = 0; half < 2; half++) {
      List<QaItem> some = new ArrayList<>();
      for (QaItem i : data.items())
        if (i.answerable() && groups.get(article(i)) % 2 == half)
          some.add(new QaItem(i.id() + NO_GOLD, i.question(), List.of(), i.contextIds(), false));
      Collections.shuffle(some, new Random(15));
      noGold.addAll(some.subList(0, Math.min(dropGold, some.size())));
    }
    Path noGoldCache =
        dropGoldFile != null
            ? dropGoldFile
            : Path.of(cache.toString().replaceFirst("(\\.jsonl)?$", ".nogold.jsonl"));
    Map<String, Best> noGoldCached =
        noGold.isEmpty() ? new LinkedHashMap<>() : readCache(noGoldCache, key);
    List<QaItem> noGoldTodo =
        noGold.stream().filter(i -> !noGoldCached.containsKey(i.id())).toList();
    String collection = evalCollection(data.name());
    List<Example> all = new ArrayList<>();
    List<Example> extra = new ArrayList<>();
    try (App app = common.app()) {
      if (!cachedOnly) syncCorpus(app, collection, data.contexts(), "contexts");
      if (!todo.isEmpty()) compute(app, collection, todo, groups, cache, key, cached);
      if (!noGoldTodo.isEmpty())
        compute(app, collection, noGoldTodo, groups, noGoldCache, key, noGoldCached);
      try (LuceneSearcher searcher = app.kb().searcher(collection)) {
        TermStatistics stats = searcher.termStatistics();
        for (QaItem i : items) all.add(cached.get(i.id()).example(i.question(), stats));
        for (QaItem i : noGold) extra.add(noGoldCached.get(i.id()).example(i.question(), stats));
      }
    }
    if (use != null) {
      for (String u : use)
        if (!Answerability.NAMES.contains(u))
          throw Usage.error("use", "unknown feature '" + u + "': one of " + Answerability.NAMES);
    }
    List<Example> fit = new ArrayList<>(all.stream().filter(e -> e.group() % 2 == 0).toList());
    List<Example> fitSquad = List.copyOf(fit);
    List<Example> fitNoGold = extra.stream().filter(e -> e.group() % 2 == 0).toList();
    fit.addAll(fitNoGold);
    List<Example> held = all.stream().filter(e -> e.group() % 2 == 1).toList();
    // held-out answerable questions against held-out questions asked without their paragraph
    List<Example> heldNoGold = new ArrayList<>(held.stream().filter(Example::answerable).toList());
    heldNoGold.addAll(extra.stream().filter(e -> e.group() % 2 == 1).toList());
    // unused features are zeroed for the fit, so their weights are 0
    // with questions asked without their paragraph, two parts: the context holds the fact (fit on
    // answerable vs those), and the sentence answers (fit on SQuAD's own labels); their product
    List<AnswerabilityModel.Part> parts = new ArrayList<>();
    // the fit half's answerable questions and those asked without their paragraph
    List<Example> fitInContext =
        new ArrayList<>(fitSquad.stream().filter(Example::answerable).toList());
    fitInContext.addAll(fitNoGold);
    if (!fitNoGold.isEmpty()) parts.add(AnswerabilityFit.fit("in_context", only(fitInContext), l2));
    parts.add(AnswerabilityFit.fit("answers", only(fitSquad), l2));
    AnswerabilityModel model = new AnswerabilityModel(parts);
    if (parts.size() > 1) {
      // how much the in_context part weighs in the product: the exponent that best separates the
      // fit half's answerable questions from both kinds of its unanswerable ones, the two kinds
      // counting alike (the mean of the two AUROCs)
      double best = -1;
      for (double e : EXPONENTS) {
        AnswerabilityModel m =
            new AnswerabilityModel(List.of(parts.get(0).withExponent(e), parts.get(1)));
        ToDoubleFunction<Example> c = AnswerabilityFit.confidence(m);
        double auroc =
            (AnswerabilityFit.auroc(fitSquad, c) + AnswerabilityFit.auroc(fitInContext, c)) / 2;
        if (auroc > best) {
          best = auroc;
          model = m;
        }
      }
    }
    ToDoubleFunction<Example> combined = AnswerabilityFit.confidence(model);
    ToDoubleFunction<Example> score = AnswerabilityFit.feature("score");
    double tCombined = AnswerabilityFit.thresholdFor(fit, combined, answerRate);
    double tScore = AnswerabilityFit.thresholdFor(fit, score, answerRate);
    List<String> report = new ArrayList<>();
    report.add(
        String.format(
            Locale.ROOT,
            "questions: %d (%d cached, %d computed), and %d without their paragraph; fit half (even"
                + " articles): %s; held-out (odd articles): %s",
            all.size(),
            all.size() - todo.size(),
            todo.size(),
            extra.size(),
            counts(fit),
            counts(held)));
    report.add(
        String.format(
            Locale.ROOT,
            "held-out AUROC: score alone %.4f, combined %.4f (fit half: %.4f, %.4f)",
            AnswerabilityFit.auroc(held, score),
            AnswerabilityFit.auroc(held, combined),
            AnswerabilityFit.auroc(fit, score),
            AnswerabilityFit.auroc(fit, combined)));
    if (!extra.isEmpty())
      report.add(
          String.format(
              Locale.ROOT,
              "held-out AUROC, answerable vs asked without their paragraph (%d): score alone"
                  + " %.4f, combined %.4f; combined at the fit half's threshold: %s",
              heldNoGold.size() - held.stream().filter(Example::answerable).count(),
              AnswerabilityFit.auroc(heldNoGold, score),
              AnswerabilityFit.auroc(heldNoGold, combined),
              point(
                  "combined",
                  heldNoGold,
                  combined,
                  AnswerabilityFit.thresholdFor(fit, combined, answerRate))));
    if (model.parts().size() > 1)
      for (AnswerabilityModel.Part part : model.parts()) {
        ToDoubleFunction<Example> alone =
            AnswerabilityFit.confidence(new AnswerabilityModel(List.of(part)));
        report.add(
            String.format(
                Locale.ROOT,
                "part %s alone: held-out AUROC %.4f; answerable vs without their paragraph %.4f",
                part.name(),
                AnswerabilityFit.auroc(held, alone),
                AnswerabilityFit.auroc(heldNoGold, alone)));
      }
    report.add(
        String.format(
            Locale.ROOT,
            "threshold answering %.2f of the fit half's answerable questions: score %.4f,"
                + " combined %.4f",
            answerRate,
            tScore,
            tCombined));
    report.add("held-out at the fit half's thresholds: " + point("score", held, score, tScore));
    report.add(
        "held-out at the fit half's thresholds: " + point("combined", held, combined, tCombined));
    for (double rate : new double[] {0.9, 0.8, 0.7, 0.6, 0.5}) {
      report.add(
          String.format(
              Locale.ROOT,
              "held-out, answering %.0f%% of its answerable: score abstains on %.3f, combined on"
                  + " %.3f",
              100 * rate,
              AnswerabilityFit.at(held, score, AnswerabilityFit.thresholdFor(held, score, rate))
                  .abstentionAccuracy(),
              AnswerabilityFit.at(
                      held, combined, AnswerabilityFit.thresholdFor(held, combined, rate))
                  .abstentionAccuracy()));
    }
    for (AnswerabilityModel.Part part : model.parts()) {
      for (int j = 0; j < Answerability.NAMES.size(); j++)
        report.add(
            String.format(
                Locale.ROOT,
                "weight %s %-24s %+.4f",
                part.name(),
                Answerability.NAMES.get(j),
                part.weights().get(j)));
      report.add(
          String.format(
              Locale.ROOT,
              "weight %s intercept %+.4f, exponent %.2f",
              part.name(),
              part.intercept(),
              part.exponent()));
    }
    report.forEach(System.out::println);
    if (modelFile != null) {
      List<String> header = new ArrayList<>();
      header.add("Answerability model of the extractive answerer: a product of logistic parts.");
      header.add(
          "Fitted by: grounded eval answerability-fit --dataset "
              + dataset.getFileName()
              + " --k "
              + k
              + " --l2 "
              + l2
              + " --answer-rate "
              + answerRate
              + (sample != null ? " --sample " + sample : "")
              + (use != null ? " --use " + String.join(",", use) : "")
              + (dropGold > 0 ? " --drop-gold " + dropGold : "")
              + " --write-model FILE");
      header.add("Dataset version " + data.version() + "; fitted on even-indexed articles.");
      header.addAll(report.stream().filter(l -> !l.startsWith("weight")).toList());
      writeText(modelFile, model.write(header));
    }
    return 0;
  }

  /** The examples with the features not in --use zeroed (all of them without --use). */
  private List<Example> only(List<Example> examples) {
    return use == null ? examples : examples.stream().map(e -> only(e, use)).toList();
  }

  private static Example only(Example e, List<String> use) {
    if (e.x() == null) return e;
    double[] x = new double[e.x().length];
    for (String u : use) {
      int j = Answerability.NAMES.indexOf(u);
      x[j] = e.x()[j];
    }
    return new Example(e.id(), e.group(), e.answerable(), x);
  }

  private static String article(QaItem item) {
    String c = item.contextIds().isEmpty() ? item.id() : item.contextIds().getFirst();
    int hash = c.lastIndexOf('#');
    return hash < 0 ? c : c.substring(0, hash);
  }

  private static String counts(List<Example> examples) {
    long a = examples.stream().filter(Example::answerable).count();
    return (examples.size()) + " (" + a + " answerable, " + (examples.size() - a) + " not)";
  }

  private static String point(
      String name, List<Example> examples, ToDoubleFunction<Example> c, double t) {
    Selective.Point p = AnswerabilityFit.at(examples, c, t);
    return String.format(
        Locale.ROOT,
        "%s >= %.4f: answer_rate %.3f, abstention_accuracy %.3f",
        name,
        t,
        p.answerRate(),
        p.abstentionAccuracy());
  }

  /**
   * A question's best sentence (null when its context had none) with what its features are made of:
   * features are computed from these when the cache is read, so a change of features needs no new
   * retrieval.
   */
  record Best(
      String id,
      int group,
      boolean answerable,
      String sentence,
      String chunk,
      double score,
      double cosine,
      double runnerUp) {
    Example example(String question, TermStatistics stats) {
      double[] x =
          sentence == null
              ? null
              : Answerability.of(question, sentence, chunk, score, cosine, runnerUp, stats)
                  .values();
      return new Example(id, group, answerable, x);
    }
  }

  private void compute(
      App app,
      String collection,
      List<QaItem> todo,
      Map<String, Integer> groups,
      Path cache,
      String key,
      Map<String, Best> cached)
      throws Exception {
    try (LuceneSearcher searcher = app.kb().searcher(collection)) {
      Retriever retriever =
          app.retriever(collection, searcher, SearchMode.HYBRID, null, new RerankOptions());
      var embedder = app.concurrentEmbedder();
      ExtractiveGenerator generator =
          new ExtractiveGenerator(embedder, ExtractiveOptions.DEFAULTS, searcher.termStatistics());
      boolean fresh = cached.isEmpty();
      Path parent = cache.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      try (BufferedWriter out =
              Files.newBufferedWriter(
                  cache,
                  StandardCharsets.UTF_8,
                  StandardOpenOption.CREATE,
                  fresh ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND);
          ExecutorService pool = Executors.newFixedThreadPool(parallel)) {
        if (fresh) out.write(JSON.writeValueAsString(Map.of("key", key)) + "\n");
        List<Future<Best>> futures = new ArrayList<>();
        for (QaItem item : todo)
          futures.add(
              pool.submit(
                  () -> {
                    Question q =
                        new Question(item.question(), embedder.embedQuery(item.question()));
                    boolean dropOwn = item.id().endsWith(NO_GOLD);
                    var hits =
                        retriever.retrieve(
                            new SearchQuery(item.question(), q.vector(), dropOwn ? k + 10 : k));
                    if (dropOwn)
                      hits =
                          hits.stream()
                              .filter(h -> !item.contextIds().contains(h.chunk().documentId()))
                              .limit(k)
                              .toList();
                    var a = generator.assess(q, hits).orElse(null);
                    int group = groups.get(article(item));
                    if (a == null)
                      return new Best(item.id(), group, item.answerable(), null, null, 0, 0, 0);
                    double score = a.features().get("score");
                    return new Best(
                        item.id(),
                        group,
                        item.answerable(),
                        a.sentence(),
                        a.chunk().text(),
                        score,
                        a.features().get("cosine"),
                        score - a.features().get("margin"));
                  }));
        int n = 0;
        for (Future<Best> f : futures) {
          Best e = f.get();
          cached.put(e.id(), e);
          Map<String, Object> line = new LinkedHashMap<>();
          line.put("id", e.id());
          line.put("group", e.group());
          line.put("answerable", e.answerable());
          line.put("sentence", e.sentence());
          line.put("chunk", e.chunk());
          line.put("score", e.score());
          line.put("cosine", e.cosine());
          line.put("runner_up", e.runnerUp());
          out.write(JSON.writeValueAsString(line) + "\n");
          if (++n % 200 == 0 || n == todo.size()) {
            out.flush();
            System.err.printf(Locale.ROOT, "features of %d of %d questions%n", n, todo.size());
          }
        }
      }
    }
  }

  /** The cached examples, if the cache was made with the same data set, k and features. */
  private static Map<String, Best> readCache(Path cache, String key) throws IOException {
    Map<String, Best> out = new LinkedHashMap<>();
    if (!Files.isRegularFile(cache)) return out;
    List<String> lines = Files.readAllLines(cache, StandardCharsets.UTF_8);
    if (lines.isEmpty()) return out;
    if (!key.equals(JSON.readTree(lines.getFirst()).path("key").asText())) {
      System.err.println("feature cache " + cache + " is for other data or features: recomputing");
      return out;
    }
    for (String l : lines.subList(1, lines.size())) {
      if (l.isBlank()) continue;
      JsonNode n;
      try {
        n = JSON.readTree(l);
      } catch (IOException e) {
        continue; // a line cut short by an interrupted run
      }
      String id = n.path("id").asText();
      out.put(
          id,
          new Best(
              id,
              n.path("group").asInt(),
              n.path("answerable").asBoolean(),
              n.path("sentence").isTextual() ? n.path("sentence").asText() : null,
              n.path("chunk").isTextual() ? n.path("chunk").asText() : null,
              n.path("score").asDouble(),
              n.path("cosine").asDouble(),
              n.path("runner_up").asDouble()));
    }
    return out;
  }
}
