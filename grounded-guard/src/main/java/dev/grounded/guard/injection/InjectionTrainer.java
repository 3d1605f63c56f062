package dev.grounded.guard.injection;

import dev.grounded.guard.Source;
import dev.grounded.guard.injection.InjectionData.Attack;
import dev.grounded.guard.injection.InjectionData.Labelled;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

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
  static final int CHUNK_WINDOW = 160;
  static final int CHUNK_STRIDE = 80;
  static final int SCIFACT_ABSTRACTS = 1500;
  static final int PLANTED_COPIES = 4;
  static final int SENTENCE_SAMPLE = 4;
  static final int AUGMENT = 3;
  static final int AUGMENT_MAX_CHARS = 300;
  static final boolean BALANCE_SOURCES = true;
  private static final java.util.regex.Pattern SENTENCE =
      java.util.regex.Pattern.compile("(?<=[.!?])\\s+|\\n+|\\|");
  static final double HARD_BENIGN = 4;
  static final double EASY_BENIGN = 0.25;

  private InjectionTrainer() {}

  /** The input model's settings (a window wider than any prompt it was trained on). */
  static Settings inputSettings(long seed) {
    return new Settings(new TextFeatures(18, 1, 5, 2), 4096, 2048, 12, 0.2, 1e-5, seed);
  }

  static Settings chunkSettings(long seed) {
    return new Settings(
        new TextFeatures(18, 1, 5, 2), CHUNK_WINDOW, CHUNK_STRIDE, 12, 0.2, 1e-5, seed);
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

    InputSet inputSet = inputExamples(data, seed);
    List<Example> inputs = inputSet.examples();
    Folds inputFolds = LogisticTrainer.folds(inputs, inputSettings(seed), FOLDS);
    double inputThreshold =
        chooseThreshold(inputSet.benign(), inputFolds, Source.INPUT, false, notes, "input");
    double inputOofTpr = oofTpr(inputs, inputFolds, inputThreshold, Source.INPUT);
    notes.put("input out-of-fold tpr (with the augmented copies)", fmt(inputOofTpr));
    System.out.println(
        "input: threshold " + fmt(inputThreshold) + ", out-of-fold tpr " + fmt(inputOofTpr));

    ChunkSet chunks = chunkExamples(data, seed);
    Folds chunkFolds = LogisticTrainer.folds(chunks.examples(), chunkSettings(seed), FOLDS);
    double chunkThreshold =
        chooseThreshold(chunks.clean(), chunkFolds, Source.CHUNK, true, notes, "chunk");
    int hit = 0;
    for (Planted p : chunks.planted())
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

  record InputSet(List<Example> examples, Map<String, List<String>> benign) {}

  /**
   * Prompts: deepset train (both labels), NotInject validation's PINT entries, benign questions
   * (SciFact train claims, SQuAD questions of even articles); each prompt its own group.
   */
  static InputSet inputExamples(InjectionData data, long seed) {
    Map<String, List<Labelled>> sources = new LinkedHashMap<>();
    sources.put("deepset train", data.deepset("train"));
    sources.put("pint (NotInject valid)", data.notInjectValidation());
    sources.put("scifact train claims", benign(data.scifactQueries("train")));
    sources.put("squad even-article questions", benign(data.squadQuestions(true)));
    int positives = 0;
    int negatives = 0;
    for (List<Labelled> list : sources.values())
      for (Labelled l : list)
        if (l.injection()) positives++;
        else negatives++;
    // Benign prompts of the injection sets are the hard negatives: they weigh 4, benign questions
    // of the QA sets 0.25; the injections together weigh half the benign count.
    double positiveWeight = 0.5 * negatives / positives;
    List<Example> examples = new ArrayList<>();
    Map<String, List<String>> benign = new LinkedHashMap<>();
    for (Map.Entry<String, List<Labelled>> e : sources.entrySet()) {
      List<String> tagged = new ArrayList<>();
      for (Labelled l : e.getValue()) {
        String group = "p" + examples.size();
        examples.add(
            new Example(l.text(), l.injection(), l.injection() ? positiveWeight : 1, group));
        if (!l.injection()) tagged.add(group + '\u0000' + l.text());
      }
      benign.put(e.getKey() + " benign", tagged);
    }
    // Many injections ride on an ordinary request ("<question>. Forget the above and ..."): each
    // short deepset train injection is also appended to AUGMENT random deepset train benign
    // prompts, in its own group (so cross-validation never scores it against its copies).
    List<Labelled> deepset = sources.get("deepset train");
    List<String> hosts = deepset.stream().filter(l -> !l.injection()).map(Labelled::text).toList();
    Random random = new Random(seed);
    String[] joins = {" ", ". ", "\n"};
    for (int i = 0; i < deepset.size(); i++) {
      Example e = examples.get(i);
      if (!e.positive() || e.text().length() > AUGMENT_MAX_CHARS) continue;
      for (int c = 0; c < AUGMENT; c++) {
        String host = hosts.get(random.nextInt(hosts.size()));
        String join = joins[random.nextInt(joins.length)];
        examples.add(new Example(host + join + e.text(), true, e.weight(), e.group()));
      }
    }
    return new InputSet(examples, benign);
  }

  private static List<Labelled> benign(List<String> texts) {
    return texts.stream().map(t -> new Labelled(t, false)).toList();
  }

  record Planted(String text, String group) {}

  record ChunkSet(List<Example> examples, List<Planted> planted, Map<String, List<String>> clean) {}

  /**
   * Passages: windows of clean contexts (negatives) and windows around an attack planted in a
   * context (positives): BIPIA train attacks (text and code), deepset train and PINT injections.
   */
  static ChunkSet chunkExamples(InjectionData data, long seed) {
    return chunkExamples(data, seed, BALANCE_SOURCES);
  }

  static ChunkSet chunkExamples(InjectionData data, long seed, boolean balance) {
    Random random = new Random(seed);
    Map<String, List<String>> clean = new LinkedHashMap<>();
    clean.put("bipia email train contexts", data.bipiaContexts("email", "train"));
    clean.put("squad even-article paragraphs", data.squadParagraphs(true));
    clean.put("scifact abstracts", data.scifactAbstracts(SCIFACT_ABSTRACTS));
    // Contexts and attacks are dealt into FOLDS buckets, and an attack is only planted in contexts
    // of its own bucket: a bucket is one cross-validation group, so no fold is scored on a context
    // or an attack it was trained on.
    List<List<String>> pools = new ArrayList<>();
    for (int k = 0; k < FOLDS; k++) pools.add(new ArrayList<>());
    List<Example> examples = new ArrayList<>();
    Map<String, List<String>> tagged = new LinkedHashMap<>();
    int negatives = 0;
    int sources = clean.size();
    int all = clean.values().stream().mapToInt(List::size).sum();
    for (Map.Entry<String, List<String>> e : clean.entrySet()) {
      // balanced: each source's contexts weigh as much in total as any other source's
      double w = balance ? (double) all / (sources * e.getValue().size()) : 1;
      List<String> mine = new ArrayList<>();
      for (String context : e.getValue()) {
        int bucket = random.nextInt(FOLDS);
        String group = "bucket" + bucket;
        pools.get(bucket).add(context);
        mine.add(group + '\u0000' + context);
        for (String window : windows(context)) {
          examples.add(new Example(window, false, w, group));
          negatives++;
        }
        // and its sentences alone, so that a short passage is not suspicious for its length
        for (String sentence : SENTENCE.split(context))
          if (sentence.length() >= 20 && random.nextInt(SENTENCE_SAMPLE) == 0) {
            examples.add(new Example(sentence, false, w, group));
            negatives++;
          }
      }
      tagged.put(e.getKey(), mine);
    }
    List<String> attacks = new ArrayList<>();
    for (String kind : List.of("text", "code"))
      for (Attack a : data.bipiaAttacks(kind, "train")) attacks.add(a.text());
    for (Labelled l : data.deepset("train")) if (l.injection()) attacks.add(l.text());
    for (Labelled l : data.notInjectValidation()) if (l.injection()) attacks.add(l.text());
    List<Planted> planted = new ArrayList<>();
    List<String[]> positives = new ArrayList<>();
    for (String attack : attacks) {
      int bucket = random.nextInt(FOLDS);
      List<String> pool = pools.get(bucket);
      for (int copy = 0; copy < PLANTED_COPIES; copy++) {
        String text =
            InjectionData.plant(pool.get(random.nextInt(pool.size())), attack, random.nextInt(3));
        planted.add(new Planted(text, "bucket" + bucket));
        positives.add(new String[] {around(text, attack, random), "bucket" + bucket});
      }
    }
    double weight = 0.5 * negatives / positives.size();
    for (String[] p : positives) examples.add(new Example(p[0], true, weight, p[1]));
    return new ChunkSet(examples, planted, tagged);
  }

  /** The training windows of a clean context: as the model will read it, window by window. */
  static List<String> windows(String text) {
    if (text.length() <= CHUNK_WINDOW) return List.of(text);
    List<String> out = new ArrayList<>();
    for (int start = 0; ; start += CHUNK_STRIDE) {
      int end = Math.min(text.length(), start + CHUNK_WINDOW);
      out.add(text.substring(end == text.length() ? text.length() - CHUNK_WINDOW : start, end));
      if (end == text.length()) return out;
    }
  }

  /** A window of the planted text that holds the attack's start, at a random offset. */
  static String around(String text, String attack, Random random) {
    if (text.length() <= CHUNK_WINDOW) return text;
    int at = text.indexOf(attack);
    int room = Math.max(0, CHUNK_WINDOW - attack.length());
    int start = Math.max(0, at - random.nextInt(room + 1));
    int end = Math.min(text.length(), start + CHUNK_WINDOW);
    return text.substring(Math.max(0, end - CHUNK_WINDOW), end);
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
      ChunkSet chunks,
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
        .append(SCIFACT_ABSTRACTS)
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
    b.append("# Thresholds: the lowest probability flagging <= ")
        .append(fmt(TARGET_FPR))
        .append(
            " of each benign training source (inputs) or of all clean training contexts (chunks) out of fold (")
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
