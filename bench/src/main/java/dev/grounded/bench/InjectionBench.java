package dev.grounded.bench;

import dev.grounded.guard.Source;
import dev.grounded.guard.injection.InjectionData;
import dev.grounded.guard.injection.InjectionEval;
import dev.grounded.guard.injection.InjectionGuard;
import dev.grounded.guard.injection.InjectionRules;
import dev.grounded.guard.policy.ContentPolicyGuard;
import dev.grounded.guard.policy.PolicyEval;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The prompt-injection guard (rules + the committed classifiers) on the held-out sets, beside the
 * rules alone from the same run: TPR at 1 % FPR on deepset test, over-blocking of NotInject, of
 * benign SciFact and SQuAD questions and of wildguard.json, and BIPIA test attacks planted in
 * chunks, in-domain and out-of-domain separately (see {@link InjectionEval}). Then scan latency,
 * p50 and p99 per question (deepset test, SciFact test claims, SQuAD questions of odd articles) and
 * per 1 KB chunk (BIPIA test contexts and SQuAD paragraphs, cut or repeated to 1,024 characters),
 * for the whole guard and for the rules alone, after a sweep of chunk thresholds on BIPIA. Last,
 * the content-policy classifier ({@code policy.harmful}) on its held-out harmful and harmless
 * instructions (see {@code PolicyData}) and its latency per question.
 *
 * <p>Usage: {@code InjectionBench [data-dir]} (default ../shared/data).
 */
public final class InjectionBench {
  private static final int ROUNDS = 5;

  private InjectionBench() {}

  public static void main(String[] args) {
    Path dir = Path.of(args.length > 0 ? args[0] : "../shared/data");
    InjectionData data = new InjectionData(dir);
    InjectionGuard guard = InjectionGuard.defaults();
    List<InjectionEval.Row> full = InjectionEval.heldOut(data, guard);
    List<InjectionEval.Row> rules = InjectionEval.rulesOnly(data);
    System.out.println(
        "Held-out figures: rules + classifier (value) beside the rules alone (rules)");
    System.out.printf(
        Locale.ROOT,
        "%-13s %-44s %-10s %6s %7s %7s%n",
        "domain",
        "set",
        "measure",
        "n",
        "value",
        "rules");
    for (int i = 0; i < full.size(); i++) {
      InjectionEval.Row r = full.get(i);
      System.out.printf(
          Locale.ROOT,
          "%-13s %-44s %-10s %6d %7.4f %7.4f%n",
          r.domain(),
          r.set(),
          r.measure(),
          r.n(),
          r.value(),
          rules.get(i).value());
    }
    System.out.printf(
        Locale.ROOT,
        "thresholds: input %.4f, chunk %.4f (reference from the issue, not this run: LR on bge-small"
            + " embeddings, deepset test TPR 0.73 at 1%% FPR, NotInject 46%% flagged)%n%n",
        guard.threshold(Source.INPUT),
        guard.threshold(Source.CHUNK));

    System.out.println(
        "Chunk operating points (BIPIA test; attacks planted / clean contexts flagged):");
    System.out.printf(
        Locale.ROOT,
        "%-9s %17s %17s %17s%n",
        "threshold",
        "email tpr/fpr",
        "table tpr/fpr",
        "code tpr/fpr");
    for (double t : new double[] {0.5, guard.threshold(Source.CHUNK), 0.8, 0.9, 0.97, 0.99}) {
      List<InjectionEval.Row> rows =
          InjectionEval.heldOut(data, guard.withThresholds(guard.threshold(Source.INPUT), t));
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-9.4f", t));
      for (String task : List.of("email", "table", "code"))
        line.append(
            String.format(
                Locale.ROOT,
                " %8.4f/%8.4f",
                value(rows, "BIPIA " + task + " test, attacks in chunks"),
                value(rows, "BIPIA " + task + " test, clean chunks")));
      System.out.println(line);
    }
    System.out.println();

    List<String> questions = new ArrayList<>();
    data.deepset("test").forEach(l -> questions.add(l.text()));
    questions.addAll(data.scifactQueries("test"));
    questions.addAll(data.squadQuestions(false));
    List<String> chunks = new ArrayList<>();
    for (String task : List.of("email", "table", "code"))
      data.bipiaContexts(task, "test").forEach(c -> chunks.add(kilobyte(c)));
    data.squadParagraphs(false).forEach(c -> chunks.add(kilobyte(c)));
    System.out.println("Scan latency (µs), " + ROUNDS + " rounds after one warm-up round:");
    System.out.printf(Locale.ROOT, "%-34s %6s %9s %9s%n", "what", "n", "p50", "p99");
    latency("question, rules alone", questions, InjectionRules::find);
    latency("question, guard (rules + model)", questions, t -> guard.scan(t, Source.INPUT));
    latency("1 KB chunk, rules alone", chunks, InjectionRules::find);
    latency("1 KB chunk, guard (rules + model)", chunks, t -> guard.scan(t, Source.CHUNK));

    ContentPolicyGuard policy = ContentPolicyGuard.defaults();
    ContentPolicyGuard.Classifier harmful = policy.classifiers().get(0);
    System.out.printf(
        Locale.ROOT,
        "%nContent policy, classifier policy.harmful at its threshold %.4f (held-out sources):%n",
        harmful.threshold());
    System.out.print(
        PolicyEval.table(PolicyEval.heldOut(dir, harmful.model(), harmful.threshold())));
    latency("question, content policy", questions, t -> policy.scan(t, Source.INPUT));
  }

  private static double value(List<InjectionEval.Row> rows, String set) {
    return rows.stream().filter(r -> r.set().equals(set)).findFirst().orElseThrow().value();
  }

  private static String kilobyte(String text) {
    StringBuilder b = new StringBuilder(text);
    while (b.length() < 1024) b.append('\n').append(text);
    return b.substring(0, 1024);
  }

  private static void latency(String name, List<String> texts, Consumer<String> scan) {
    for (String t : texts) scan.accept(t);
    long[] nanos = new long[texts.size() * ROUNDS];
    int k = 0;
    for (int round = 0; round < ROUNDS; round++)
      for (String t : texts) {
        long start = System.nanoTime();
        scan.accept(t);
        nanos[k++] = System.nanoTime() - start;
      }
    Arrays.sort(nanos);
    System.out.printf(
        Locale.ROOT,
        "%-34s %6d %9.1f %9.1f%n",
        name,
        texts.size(),
        nanos[nanos.length / 2] / 1e3,
        nanos[(int) (nanos.length * 0.99)] / 1e3);
  }
}
