package dev.grounded.guard.injection;

import dev.grounded.guard.Source;
import dev.grounded.guard.injection.InjectionData.Attack;
import dev.grounded.guard.injection.InjectionData.Labelled;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleBiFunction;
import java.util.function.ToDoubleFunction;

/**
 * The held-out figures of an injection detector: only test material (deepset test, SciFact test
 * claims, SQuAD questions of the odd-indexed articles, BIPIA test attacks planted in BIPIA test
 * contexts, NotInject's three test files, wildguard.json). In-domain sets are the held-out halves
 * of distributions the models were trained on; out-of-domain sets are distributions they never saw.
 */
public final class InjectionEval {
  /** What is measured: a score for a text of a source, and the score that flags it. */
  public record Detector(
      String name, ToDoubleBiFunction<String, Source> score, ToDoubleFunction<Source> threshold) {
    boolean flags(String text, Source source) {
      return score.applyAsDouble(text, source) >= threshold.applyAsDouble(source);
    }

    static Detector of(InjectionGuard guard) {
      return new Detector("rules + classifier", guard::score, guard::threshold);
    }

    /** The rules alone: a text is flagged when a rule matches. */
    static Detector rulesOnly() {
      return new Detector(
          "rules alone", (t, s) -> InjectionRules.find(t).isEmpty() ? 0 : 1, s -> 0.5);
    }
  }

  /**
   * One figure.
   *
   * @param measure {@code tpr@1%fpr} (threshold set on the set's own negatives, as the issue's
   *     baseline), {@code tpr} or {@code fpr} (at the shipped threshold), {@code flagged} (share of
   *     benign texts flagged)
   */
  public record Row(String domain, String set, String measure, int n, double value) {
    public String format() {
      return String.format(
          Locale.ROOT, "%-13s %-44s %-10s %6d %7.4f", domain, set, measure, n, value);
    }
  }

  private InjectionEval() {}

  public static List<Row> heldOut(InjectionData data, InjectionGuard guard) {
    return heldOut(data, Detector.of(guard));
  }

  public static List<Row> rulesOnly(InjectionData data) {
    return heldOut(data, Detector.rulesOnly());
  }

  public static List<Row> heldOut(InjectionData data, Detector d) {
    List<Row> rows = new ArrayList<>();
    List<Labelled> deepset = data.deepset("test");
    List<Double> pos = new ArrayList<>();
    List<Double> neg = new ArrayList<>();
    for (Labelled l : deepset)
      (l.injection() ? pos : neg).add(d.score().applyAsDouble(l.text(), Source.INPUT));
    rows.add(
        new Row("in-domain", "deepset test", "tpr@1%fpr", deepset.size(), tprAt(pos, neg, 0.01)));
    double t = d.threshold().applyAsDouble(Source.INPUT);
    rows.add(new Row("in-domain", "deepset test", "tpr", pos.size(), rate(pos, t)));
    rows.add(new Row("in-domain", "deepset test", "fpr", neg.size(), rate(neg, t)));
    rows.add(flagged("in-domain", "SciFact test claims", data.scifactQueries("test"), d));
    rows.add(flagged("in-domain", "SQuAD questions, odd articles", data.squadQuestions(false), d));
    indirect(
        rows,
        "in-domain",
        "BIPIA email",
        data.bipiaContexts("email", "test"),
        data.bipiaAttacks("text", "test"),
        d);
    for (String n : List.of("one", "two", "three"))
      rows.add(flagged("out-of-domain", "NotInject_" + n, data.notInject(n), d));
    List<String> all = new ArrayList<>();
    for (String n : List.of("one", "two", "three")) all.addAll(data.notInject(n));
    rows.add(flagged("out-of-domain", "NotInject all", all, d));
    rows.add(flagged("out-of-domain", "wildguard benign", data.wildguard(), d));
    indirect(
        rows,
        "out-of-domain",
        "BIPIA table",
        data.bipiaContexts("table", "test"),
        data.bipiaAttacks("text", "test"),
        d);
    indirect(
        rows,
        "out-of-domain",
        "BIPIA code",
        data.bipiaContexts("code", "test"),
        data.bipiaAttacks("code", "test"),
        d);
    return rows;
  }

  /** Attacks planted at start, middle and end of each context (chunk source) and the clean ones. */
  private static void indirect(
      List<Row> rows,
      String domain,
      String name,
      List<String> contexts,
      List<Attack> attacks,
      Detector d) {
    List<Double> neg = new ArrayList<>();
    for (String c : contexts) neg.add(d.score().applyAsDouble(c, Source.CHUNK));
    List<Double> pos = new ArrayList<>();
    for (String c : contexts)
      for (Attack a : attacks)
        for (int where = 0; where < 3; where++)
          pos.add(d.score().applyAsDouble(InjectionData.plant(c, a.text(), where), Source.CHUNK));
    double t = d.threshold().applyAsDouble(Source.CHUNK);
    rows.add(new Row(domain, name + " test, attacks in chunks", "tpr", pos.size(), rate(pos, t)));
    rows.add(new Row(domain, name + " test, clean chunks", "fpr", neg.size(), rate(neg, t)));
    rows.add(
        new Row(
            domain,
            name + " test, chunks",
            "tpr@1%fpr",
            pos.size() + neg.size(),
            tprAt(pos, neg, 0.01)));
  }

  private static Row flagged(String domain, String set, List<String> texts, Detector d) {
    int n = 0;
    for (String text : texts) if (d.flags(text, Source.INPUT)) n++;
    return new Row(
        domain, set, "flagged", texts.size(), texts.isEmpty() ? 0 : (double) n / texts.size());
  }

  static double rate(List<Double> scores, double threshold) {
    int n = 0;
    for (double s : scores) if (s >= threshold) n++;
    return scores.isEmpty() ? 0 : (double) n / scores.size();
  }

  /**
   * The share of positives scored above the lowest threshold that flags at most {@code fpr} of the
   * negatives (ties at the threshold count as flagged, so a tie with a negative costs).
   */
  static double tprAt(List<Double> pos, List<Double> neg, double fpr) {
    double[] n = neg.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int allowed = (int) Math.floor(fpr * n.length);
    // flag scores strictly above the (allowed+1)-th highest negative
    double cut = n.length == 0 ? Double.NEGATIVE_INFINITY : n[n.length - 1 - allowed];
    int hit = 0;
    for (double p : pos) if (p > cut) hit++;
    return pos.isEmpty() ? 0 : (double) hit / pos.size();
  }

  /** The rows as a text table. */
  public static String table(List<Row> rows) {
    StringBuilder b =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%-13s %-44s %-10s %6s %7s%n",
                "domain",
                "set",
                "measure",
                "n",
                "value"));
    for (Row r : rows) b.append(r.format()).append('\n');
    return b.toString();
  }
}
