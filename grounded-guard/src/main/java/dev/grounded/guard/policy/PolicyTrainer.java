package dev.grounded.guard.policy;

import dev.grounded.guard.injection.InjectionData;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains the {@code harmful} content-policy classifier (see {@link PolicyData} for the split) and
 * writes it with {@code policy.properties} (threshold, command, data, licences, seed, held-out
 * figures). Benign training texts: the training half of harmless_test.json, deepset train benign
 * prompts, SciFact train claims and SQuAD questions of even articles. The threshold is the lowest
 * probability at which each benign training source is flagged at most 1 % out of fold (5 folds).
 *
 * <p>Usage: {@code PolicyTrainer [--data DIR] [--out DIR] [--seed N]}.
 */
public final class PolicyTrainer {
  static final double TARGET_FPR = 0.01;
  static final int FOLDS = 5;

  private PolicyTrainer() {}

  static Settings settings(long seed) {
    return new Settings(new TextFeatures(18, 1, 5, 2), 4096, 2048, 12, 0.2, 1e-5, seed);
  }

  public static void main(String[] args) throws IOException {
    Path dataDir = Path.of("../shared/data");
    Path out = Path.of("grounded-guard/src/main/resources/dev/grounded/guard/policy");
    long seed = 15;
    for (int i = 0; i < args.length; i++)
      switch (args[i]) {
        case "--data" -> dataDir = Path.of(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    PolicyData policy = new PolicyData(dataDir);
    InjectionData other = new InjectionData(dataDir);
    Map<String, List<String>> benign = new LinkedHashMap<>();
    benign.put("harmless_test.json even half", policy.harmless(true));
    benign.put(
        "deepset train benign",
        other.deepset("train").stream()
            .filter(l -> !l.injection())
            .map(InjectionData.Labelled::text)
            .toList());
    benign.put("scifact train claims", other.scifactQueries("train"));
    benign.put("squad even-article questions", other.squadQuestions(true));
    List<String> harmful = policy.trainHarmful();
    int negatives = benign.values().stream().mapToInt(List::size).sum();
    double positiveWeight = 0.5 * negatives / harmful.size();
    List<Example> examples = new ArrayList<>();
    for (String h : harmful)
      examples.add(new Example(h, true, positiveWeight, "e" + examples.size()));
    Map<String, int[]> rows = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : benign.entrySet()) {
      int from = examples.size();
      for (String t : e.getValue()) examples.add(new Example(t, false, 1, "e" + examples.size()));
      rows.put(e.getKey(), new int[] {from, examples.size()});
    }
    Folds folds = LogisticTrainer.folds(examples, settings(seed), FOLDS);
    double threshold = 0;
    Map<String, double[]> oof = new LinkedHashMap<>();
    for (Map.Entry<String, int[]> e : rows.entrySet()) {
      int[] r = e.getValue();
      double[] s = new double[r[1] - r[0]];
      for (int i = r[0]; i < r[1]; i++)
        s[i - r[0]] = folds.model(examples.get(i).group()).probability(examples.get(i).text());
      Arrays.sort(s);
      oof.put(e.getKey(), s);
      threshold =
          Math.max(
              threshold, Math.nextUp(s[s.length - 1 - (int) Math.floor(TARGET_FPR * s.length)]));
    }
    Map<String, String> notes = new LinkedHashMap<>();
    int hit = 0;
    for (int i = 0; i < harmful.size(); i++)
      if (folds.model(examples.get(i).group()).probability(examples.get(i).text()) >= threshold)
        hit++;
    notes.put(
        "out-of-fold tpr, training harmful",
        fmt((double) hit / harmful.size()) + " of " + harmful.size());
    for (Map.Entry<String, double[]> e : oof.entrySet()) {
      int n = 0;
      for (double v : e.getValue()) if (v >= threshold) n++;
      notes.put(
          "out-of-fold flagged, " + e.getKey(),
          fmt((double) n / e.getValue().length) + " of " + e.getValue().length);
    }
    notes.forEach((k, v) -> System.out.println(k + ": " + v));
    LinearTextClassifier model = LogisticTrainer.train(examples, settings(seed)).rounded();
    List<PolicyEval.Row> heldOut = PolicyEval.heldOut(dataDir, model, threshold);
    System.out.println("threshold " + fmt(threshold));
    System.out.println(PolicyEval.table(heldOut));
    Files.createDirectories(out);
    try (OutputStream o = Files.newOutputStream(out.resolve("policy-harmful.model.gz"))) {
      model.write(o);
    }
    StringBuilder b = new StringBuilder();
    b.append(
        "# Content-policy classifier 'harmful' of ContentPolicyGuard (grounded-guard), written by the trainer; do not edit by hand.\n");
    b.append("# Trained by: scripts/train-guard-models (")
        .append(PolicyTrainer.class.getName())
        .append(" --seed ")
        .append(seed)
        .append(")\n");
    b.append("# Seed: ")
        .append(seed)
        .append(
            "; features: char 1-5-grams, words and word bigrams hashed into 2^18 buckets; logistic regression (AdaGrad, L2)\n");
    b.append("# Training data (from ../shared/data; none of it ships):\n");
    b.append(
            "#   harmful: harmful-behaviours advbench_behaviors.csv (AdvBench, MIT), harmbench_behaviors_text_val.csv without copyright (HarmBench, MIT), strongreject_dataset.csv (StrongREJECT, MIT): ")
        .append(harmful.size())
        .append('\n');
    b.append(
        "#   benign: harmless_test.json even-indexed half (per upstream), injection-deepset train benign (Apache-2.0), scifact train claims (CC BY-NC 2.0), squad-v2-dev-half even-article questions (CC BY-SA 4.0)\n");
    b.append("# Threshold: the lowest probability flagging <= ")
        .append(fmt(TARGET_FPR))
        .append(" of each benign training source out of fold (")
        .append(FOLDS)
        .append(" folds)\n");
    notes.forEach((k, v) -> b.append("#   ").append(k).append(": ").append(v).append('\n'));
    b.append(
        "# Held-out figures (harmful: HarmBench test + harmful_test.json minus anything in training; harmless: odd half):\n");
    for (PolicyEval.Row r : heldOut) b.append("#   ").append(r.format()).append('\n');
    b.append("harmful.model=policy-harmful.model.gz\n");
    b.append("harmful.threshold=").append(threshold).append('\n');
    Files.writeString(out.resolve("policy.properties"), b.toString());
    System.out.println("wrote " + out.toAbsolutePath().normalize());
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
