package dev.grounded.eval.answer;

import dev.grounded.eval.stats.Bootstrap;
import dev.grounded.eval.text.Bleu;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The aggregate of an answer evaluation: each per-item metric's mean over the items it applies to,
 * with a 95% bootstrap interval and that count, plus corpus BLEU of the answerable items; and every
 * item's result. {@link #toMap()} is the stable JSON form ({@code schema} {@value #SCHEMA}) that
 * {@code grounded eval gate} reads.
 */
public record AnswerReport(
    String dataset,
    Map<String, Object> config,
    Map<String, Bootstrap.Interval> intervals,
    Map<String, Integer> counts,
    double bleu,
    List<ItemResult> items) {
  public static final String SCHEMA = "grounded-eval/1";

  public AnswerReport {
    config = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(config));
    intervals = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(intervals));
    counts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    items = List.copyOf(items);
  }

  public static AnswerReport of(
      String dataset, Map<String, Object> config, List<ItemResult> items) {
    Map<String, Bootstrap.Interval> intervals = new LinkedHashMap<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>(AnswerMetric.PER_ITEM);
    for (ItemResult r : items) names.addAll(r.scores().keySet()); // judge.<rubric> metrics
    for (String metric : names) {
      double[] values =
          items.stream()
              .map(r -> r.scores().get(metric))
              .filter(v -> v != null)
              .mapToDouble(Double::doubleValue)
              .toArray();
      if (values.length == 0) continue;
      intervals.put(metric, Bootstrap.mean(values));
      counts.put(metric, values.length);
    }
    List<String> hyps = new ArrayList<>();
    List<List<String>> refs = new ArrayList<>();
    for (ItemResult r : items)
      if (r.item().answerable() && !r.failed()) {
        hyps.add(r.prediction());
        refs.add(r.item().answers());
      }
    double bleu = hyps.isEmpty() ? Double.NaN : Bleu.corpus(hyps, refs).score();
    return new AnswerReport(dataset, config, intervals, counts, bleu, items);
  }

  /** Metric means by name, BLEU last (on sacreBLEU's 0-100 scale). */
  public Map<String, Double> metrics() {
    Map<String, Double> m = new LinkedHashMap<>();
    intervals.forEach((name, ci) -> m.put(name, ci.mean()));
    if (!Double.isNaN(bleu)) m.put(AnswerMetric.BLEU, bleu);
    double auroc = selective().auroc();
    if (!Double.isNaN(auroc)) m.put(AnswerMetric.ABSTENTION_AUROC, auroc);
    return m;
  }

  /** The items that could not be answered (upstream errors); they count in no metric. */
  public List<ItemResult> failed() {
    return items.stream().filter(ItemResult::failed).toList();
  }

  /** Selective answering: the confidence's AUROC and the thresholds' operating points. */
  public Selective selective() {
    return Selective.of(items);
  }

  public double mean(String metric) {
    Bootstrap.Interval ci = intervals.get(metric);
    if (ci == null) throw new IllegalArgumentException("no metric '" + metric + "' in the report");
    return ci.mean();
  }

  /** The JSON form: schema, kind, dataset counts, config, metrics, intervals and items. */
  public Map<String, Object> toMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("schema", SCHEMA);
    out.put("kind", "answers");
    long answerable = items.stream().filter(r -> r.item().answerable()).count();
    out.put(
        "dataset",
        Map.of(
            "name",
            dataset,
            "items",
            items.size(),
            "answerable",
            answerable,
            "unanswerable",
            items.size() - answerable,
            "failed",
            failed().size()));
    out.put("config", config);
    out.put("metrics", metrics());
    Map<String, Object> ci = new LinkedHashMap<>();
    intervals.forEach(
        (name, i) -> ci.put(name, Map.of("low", i.low(), "high", i.high(), "n", counts.get(name))));
    out.put("intervals", ci);
    out.put("lower_is_better", AnswerMetric.LOWER_IS_BETTER.stream().sorted().toList());
    List<Map<String, Object>> points = new ArrayList<>();
    for (Selective.Point p : selective().points())
      points.add(
          Map.of(
              "min_confidence", p.threshold(),
              "answer_rate", p.answerRate(),
              "abstention_accuracy", p.abstentionAccuracy()));
    out.put("selective_answering", points);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (ItemResult r : items) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", r.item().id());
      row.put("question", r.item().question());
      row.put("answerable", r.item().answerable());
      row.put("gold", r.item().answers());
      row.put("abstained", r.abstained());
      if (r.failed()) row.put("error", r.error());
      row.put("answer", r.prediction());
      row.put("retrieved", r.retrieved());
      if (!Double.isNaN(r.confidence())) row.put("confidence", r.confidence());
      List<Map<String, Object>> claims = new ArrayList<>();
      for (ItemResult.ClaimResult c : r.claims())
        claims.add(
            Map.of(
                "text", c.text(),
                "cited", c.citedDocuments(),
                "supported", c.supported(),
                "supported_by_context", c.supportedByContext()));
      row.put("claims", claims);
      row.put("scores", r.scores());
      rows.add(row);
    }
    out.put("items", rows);
    return out;
  }

  /** A table: metric, mean, 95% interval, items it applies to. */
  public String table() {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(Locale.ROOT, "%-20s %8s %19s %7s%n", "metric", "mean", "95% CI", "items"));
    intervals.forEach(
        (name, i) ->
            b.append(
                String.format(
                    Locale.ROOT,
                    "%-20s %8.4f   [%.4f, %.4f] %7d%n",
                    name,
                    i.mean(),
                    i.low(),
                    i.high(),
                    counts.get(name))));
    if (!Double.isNaN(bleu))
      b.append(String.format(Locale.ROOT, "%-20s %8.2f   (corpus, 0-100)%n", "bleu", bleu));
    List<ItemResult> failed = failed();
    if (!failed.isEmpty())
      b.append(
          String.format(
              Locale.ROOT,
              "%d questions failed and count in no metric; the first: %s%n",
              failed.size(),
              failed.getFirst().error()));
    Selective sel = selective();
    if (!Double.isNaN(sel.auroc())) {
      b.append(
          String.format(
              Locale.ROOT,
              "%-20s %8.4f   (answerable vs unanswerable, by confidence)%n",
              AnswerMetric.ABSTENTION_AUROC,
              sel.auroc()));
      for (Selective.Point p : sel.points())
        b.append(
            String.format(
                Locale.ROOT,
                "  answering only at confidence >= %.4f: answer_rate %.3f, abstention_accuracy"
                    + " %.3f%n",
                p.threshold(),
                p.answerRate(),
                p.abstentionAccuracy()));
    }
    return b.toString();
  }
}
