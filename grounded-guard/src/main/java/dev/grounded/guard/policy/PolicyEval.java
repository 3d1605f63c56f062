package dev.grounded.guard.policy;

import dev.grounded.guard.injection.InjectionData;
import dev.grounded.guard.linear.LinearTextClassifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Held-out figures of a {@code harmful} classifier: see {@link PolicyData} for the split. */
public final class PolicyEval {
  /** One figure: {@code tpr} on harmful instructions, {@code flagged} on benign texts. */
  public record Row(String domain, String set, String measure, int n, double value) {
    public String format() {
      return String.format(
          Locale.ROOT, "%-13s %-40s %-8s %6d %7.4f", domain, set, measure, n, value);
    }
  }

  private PolicyEval() {}

  public static List<Row> heldOut(Path dataDir, LinearTextClassifier model, double threshold) {
    PolicyData policy = new PolicyData(dataDir);
    InjectionData other = new InjectionData(dataDir);
    List<Row> rows = new ArrayList<>();
    rows.add(
        row(
            "in-domain",
            "harmful (HarmBench test, harmful_test)",
            "tpr",
            policy.heldOutHarmful(),
            model,
            threshold));
    rows.add(
        row(
            "in-domain",
            "harmless_test.json odd half",
            "flagged",
            policy.harmless(false),
            model,
            threshold));
    rows.add(
        row(
            "in-domain",
            "SciFact test claims",
            "flagged",
            other.scifactQueries("test"),
            model,
            threshold));
    rows.add(
        row(
            "in-domain",
            "SQuAD questions, odd articles",
            "flagged",
            other.squadQuestions(false),
            model,
            threshold));
    rows.add(
        row(
            "out-of-domain",
            "wildguard benign (sensitive topics)",
            "flagged",
            other.wildguard(),
            model,
            threshold));
    List<String> notInject = new ArrayList<>();
    for (String n : List.of("one", "two", "three")) notInject.addAll(other.notInject(n));
    rows.add(row("out-of-domain", "NotInject all", "flagged", notInject, model, threshold));
    return rows;
  }

  private static Row row(
      String domain,
      String set,
      String measure,
      List<String> texts,
      LinearTextClassifier model,
      double threshold) {
    int n = 0;
    for (String t : texts) if (model.probability(t) >= threshold) n++;
    return new Row(domain, set, measure, texts.size(), (double) n / texts.size());
  }

  public static String table(List<Row> rows) {
    StringBuilder b = new StringBuilder();
    for (Row r : rows) b.append(r.format()).append('\n');
    return b.toString();
  }
}
