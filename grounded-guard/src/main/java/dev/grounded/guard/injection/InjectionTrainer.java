package dev.grounded.guard.injection;

import dev.grounded.guard.Source;
import dev.grounded.guard.linear.LinearTextClassifier;
import dev.grounded.guard.linear.LogisticTrainer;
import dev.grounded.guard.linear.LogisticTrainer.Example;
import dev.grounded.guard.linear.LogisticTrainer.Folds;
import dev.grounded.guard.linear.LogisticTrainer.Settings;
import dev.grounded.guard.linear.TextFeatures;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains the injection models from the training material in a data folder and writes them, with
 * {@code injection.properties} (thresholds, training command, data sources, licences, seed and the
 * held-out figures), into a resource folder. Run by {@code scripts/train-guard-models}.
 *
 * <p>Thresholds are chosen out of fold (5 folds of groups) on training material only, rules
 * included. Inputs: the lowest probability at which every benign training source (deepset train
 * benign, NotInject validation's PINT benign, SciFact train claims, SQuAD questions of even
 * articles) is flagged at most {@link #TARGET_FPR}. Chunks: the lowest at which the whole clean
 * training contexts (BIPIA email train, SQuAD paragraphs of even articles, SciFact abstracts) are
 * flagged at most that share on average over the three sources; each source weighs the same in
 * training too, so 45 emails are not drowned by 1,500 abstracts.
 *
 * <p>Usage: {@code InjectionTrainer [--data DIR] [--out DIR] [--seed N]}.
 */
public final class InjectionTrainer {
  static final double TARGET_FPR = 0.01;
  static final int FOLDS = 5;

  private InjectionTrainer() {}

  /** The input model's settings (a window wider than any prompt it was trained on). */
  static Settings inputSettings(long seed) {
    return new Settings(new TextFeatures(18, 1, 5, 2), 4096, 2048, 12, 0.2, 1e-5, seed);
  }

  static Settings chunkSettings(long seed) {
    return new Settings(
        new TextFeatures(18, 1, 5, 2),
        InjectionExamples.CHUNK_WINDOW,
        InjectionExamples.CHUNK_STRIDE,
        12,
        0.2,
        1e-5,
        seed);
  }

  public static void main(String[] args) throws IOException {
    Path dataDir = Path.of("../shared/data");
    Path out = Path.of("grounded-guard/src/main/resources/dev/grounded/guard/injection");
    long seed = 15;
    for (int i = 0; i < args.length; i++)
      switch (args[i]) {
        case "--data" -> dataDir = Path.of(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    InjectionData data = new InjectionData(dataDir);
    Map<String, String> notes = new LinkedHashMap<>();

    InjectionExamples.InputSet inputSet = InjectionExamples.inputs(data, seed);
    List<Example> inputs = inputSet.examples();
    Folds inputFolds = LogisticTrainer.folds(inputs, inputSettings(seed), FOLDS);
    double inputThreshold =
        chooseThreshold(inputSet.benign(), inputFolds, Source.INPUT, false, notes, "input");
    double inputOofTpr = oofTpr(inputs, inputFolds, inputThreshold, Source.INPUT);
    notes.put("input out-of-fold tpr (with the augmented copies)", fmt(inputOofTpr));
    System.out.println(
        "input: threshold " + fmt(inputThreshold) + ", out-of-fold tpr " + fmt(inputOofTpr));

    InjectionExamples.ChunkSet chunks = InjectionExamples.chunks(data, seed);
    Folds chunkFolds = LogisticTrainer.folds(chunks.examples(), chunkSettings(seed), FOLDS);
    double chunkThreshold =
        chooseThreshold(chunks.clean(), chunkFolds, Source.CHUNK, true, notes, "chunk");
    int hit = 0;
    for (InjectionExamples.Planted p : chunks.planted())
      if (score(chunkFolds.model(p.group()), p.text(), Source.CHUNK) >= chunkThreshold) hit++;
    notes.put(
        "chunk out-of-fold tpr (whole planted contexts)",
        fmt((double) hit / chunks.planted().size()));
    System.out.println(
        "chunk: threshold "
            + fmt(chunkThreshold)
            + ", out-of-fold tpr "
            + fmt((double) hit / chunks.planted().size()));

    LinearTextClassifier input = LogisticTrainer.train(inputs, inputSettings(seed)).rounded();
    LinearTextClassifier chunk =
        LogisticTrainer.train(chunks.examples(), chunkSettings(seed)).rounded();
    InjectionGuard guard = new InjectionGuard(input, inputThreshold, chunk, chunkThreshold);
    List<InjectionEval.Row> heldOut = InjectionEval.heldOut(data, guard);
    System.out.println(InjectionEval.table(heldOut));

    Files.createDirectories(out);
    write(out.resolve("injection-input.model.gz"), input);
    write(out.resolve("injection-chunk.model.gz"), chunk);
    String command =
        "scripts/train-guard-models (" + InjectionTrainer.class.getName() + " --seed " + seed + ")";
    Files.writeString(
        out.resolve("injection.properties"),
        sidecar(
            command, seed, inputs.size(), chunks, inputThreshold, chunkThreshold, notes, heldOut));
    System.out.println("wrote " + out.toAbsolutePath().normalize());
  }

  private static double score(LinearTextClassifier model, String text, Source source) {
    return InjectionRules.find(text).isEmpty() ? model.probability(text) : 1;
  }

  /**
   * The lowest threshold (over out-of-fold scores, rules included) that flags at most the target
   * share of each benign source ({@code balanced}: the mean over the sources of the share flagged
   * is at most the target); a source the rules alone flag more often is reported, not obeyed.
   */
  static double chooseThreshold(
      Map<String, List<String>> benign,
      Folds folds,
      Source source,
      boolean balanced,
      Map<String, String> notes,
      String name) {
    Map<String, double[]> scores = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : benign.entrySet()) {
      List<String> texts = e.getValue();
      double[] s = new double[texts.size()];
      for (int i = 0; i < s.length; i++) {
        String t = texts.get(i);
        int cut = t.indexOf('\u0000');
        s[i] = score(folds.model(t.substring(0, cut)), t.substring(cut + 1), source);
      }
      scores.put(e.getKey(), s);
    }
    double threshold = 0;
    if (balanced) {
      // the lowest candidate at which the mean of the sources' shares flagged is within target
      double[] candidates =
          scores.values().stream()
              .flatMapToDouble(java.util.Arrays::stream)
              .map(Math::nextUp)
              .sorted()
              .toArray();
      threshold = 1;
      for (int i = candidates.length - 1; i >= 0; i--) {
        double mean = 0;
        for (double[] s : scores.values()) mean += flaggedShare(s, candidates[i]) / scores.size();
        if (mean > TARGET_FPR) break;
        threshold = candidates[i];
      }
    } else
      for (double[] s : scores.values()) {
        double[] sorted = s.clone();
        java.util.Arrays.sort(sorted);
        int allowed = (int) Math.floor(TARGET_FPR * sorted.length);
        double need = Math.nextUp(sorted[sorted.length - 1 - allowed]);
        if (need <= 1) threshold = Math.max(threshold, need); // else the rules alone exceed it
      }
    for (Map.Entry<String, double[]> e : scores.entrySet()) {
      int n = 0;
      for (double v : e.getValue()) if (v >= threshold) n++;
      String figure = fmt((double) n / e.getValue().length) + " of " + e.getValue().length;
      notes.put(name + " out-of-fold flagged, " + e.getKey(), figure);
      System.out.println(
          name + " out-of-fold flagged at " + fmt(threshold) + ", " + e.getKey() + ": " + figure);
    }
    return threshold;
  }

  private static double flaggedShare(double[] scores, double threshold) {
    int n = 0;
    for (double v : scores) if (v >= threshold) n++;
    return (double) n / scores.length;
  }

  private static double oofTpr(
      List<Example> examples, Folds folds, double threshold, Source source) {
    int pos = 0;
    int hit = 0;
    for (Example e : examples) {
      if (!e.positive()) continue;
      pos++;
      if (score(folds.model(e.group()), e.text(), source) >= threshold) hit++;
    }
    return (double) hit / pos;
  }

  private static void write(Path file, LinearTextClassifier model) throws IOException {
    try (OutputStream o = Files.newOutputStream(file)) {
      model.write(o);
    }
  }

  private static String sidecar(
      String command,
      long seed,
      int inputs,
      InjectionExamples.ChunkSet chunks,
      double inputThreshold,
      double chunkThreshold,
      Map<String, String> notes,
      List<InjectionEval.Row> heldOut) {
    StringBuilder b = new StringBuilder();
    b.append(
        "# Prompt-injection models of InjectionGuard (grounded-guard), written by the trainer; do not edit by hand.\n");
    b.append("# Trained by: ").append(command).append('\n');
    b.append("# Seed: ")
        .append(seed)
        .append(
            "; features: char 1-5-grams, words and word bigrams hashed into 2^18 buckets; logistic regression (AdaGrad, L2)\n");
    b.append("# Training data (train splits only, from ../shared/data; none of it ships):\n");
    b.append("#   injection-deepset train.jsonl (deepset/prompt-injections, Apache-2.0)\n");
    b.append("#   injection-notinject valid.json, PINT entries only (leolee99/InjecGuard, MIT)\n");
    b.append(
        "#   injection-bipia text/code_attack_train.json and email/train.jsonl contexts (microsoft/BIPIA, MIT)\n");
    b.append("#   scifact train claims and the first ")
        .append(InjectionExamples.SCIFACT_ABSTRACTS)
        .append(" abstracts (allenai/scifact, CC BY-NC 2.0)\n");
    b.append(
        "#   squad-v2-dev-half questions and paragraphs of even-indexed articles (SQuAD 2.0, CC BY-SA 4.0)\n");
    b.append("# Examples: ")
        .append(inputs)
        .append(" input, ")
        .append(chunks.examples().size())
        .append(" chunk windows (")
        .append(chunks.planted().size())
        .append(" planted attacks)\n");
    b.append(
            "# Input model: whole texts up to 4,096 characters; short deepset train injections also appended to ")
        .append(InjectionExamples.AUGMENT)
        .append(" random deepset train benign prompts each\n");
    b.append("# Chunk model: windows of ")
        .append(InjectionExamples.CHUNK_WINDOW)
        .append(" normalized characters, stride ")
        .append(InjectionExamples.CHUNK_STRIDE)
        .append(
            ", the most suspicious window counts; attacks (BIPIA train, every deepset train prompt, PINT")
        .append(
            " injections) planted at start, middle or end of clean contexts of their own CV bucket\n");
    b.append("# Thresholds: the lowest probability flagging <= ")
        .append(fmt(TARGET_FPR))
        .append(
            " of each benign training source (input model), or of the clean training contexts on average over their"
                + " three sources (chunk model), out of fold (")
        .append(FOLDS)
        .append(" folds), rules included\n");
    notes.forEach((k, v) -> b.append("#   ").append(k).append(": ").append(v).append('\n'));
    b.append("# Held-out figures (rules + classifier at these thresholds):\n");
    for (InjectionEval.Row r : heldOut) b.append("#   ").append(r.format()).append('\n');
    b.append("input.model=injection-input.model.gz\n");
    b.append("input.threshold=").append(inputThreshold).append('\n');
    b.append("chunk.model=injection-chunk.model.gz\n");
    b.append("chunk.threshold=").append(chunkThreshold).append('\n');
    return b.toString();
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
