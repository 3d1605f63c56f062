package dev.grounded.eval.report;

import dev.grounded.eval.answer.AnswerMetric;
import dev.grounded.eval.answer.AnswerReport;
import dev.grounded.eval.answer.ItemResult;
import dev.grounded.eval.answer.Selective;
import dev.grounded.eval.stats.Bootstrap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One self-contained HTML page for an {@link AnswerReport}: the metrics with 95% bootstrap
 * intervals as a table and as bars with error bars, histograms of the per-item F1 and ROUGE-L of
 * answerable questions, and the worst items (answerable questions whose gold answer is not in the
 * answer, and unanswerable questions that were answered) with their answers, citations and gold
 * answers.
 */
public final class HtmlReport {
  static final int WORST = 25;

  private HtmlReport() {}

  public static String of(AnswerReport report) {
    StringBuilder b = new StringBuilder(64 * 1024);
    b.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Grounded eval: ")
        .append(esc(report.dataset()))
        .append("</title><style>")
        .append(
            "body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222}"
                + "table{border-collapse:collapse;margin:1em 0}td,th{border-bottom:1px solid #ddd;"
                + "padding:4px 10px;text-align:left;vertical-align:top}td.n{text-align:right;"
                + "font-variant-numeric:tabular-nums}.bad{color:#b00}.ok{color:#070}"
                + ".item{border:1px solid #ddd;border-radius:6px;padding:8px 12px;margin:10px 0}"
                + ".q{font-weight:600}.muted{color:#666}svg{display:block;margin:1em 0}"
                + "h2{margin-top:2em}")
        .append("</style></head><body>\n");
    b.append("<h1>Answer evaluation: ").append(esc(report.dataset())).append("</h1>\n");
    long answerable = report.items().stream().filter(r -> r.item().answerable()).count();
    b.append("<p>")
        .append(report.items().size())
        .append(" questions (")
        .append(answerable)
        .append(" answerable, ")
        .append(report.items().size() - answerable)
        .append(" unanswerable")
        .append(report.failed().isEmpty() ? "" : "; " + report.failed().size() + " failed")
        .append("). Settings: ");
    List<String> settings = new ArrayList<>();
    report.config().forEach((k, v) -> settings.add(esc(k) + " = " + esc(String.valueOf(v))));
    b.append(String.join(", ", settings)).append(".</p>\n");
    metricsTable(b, report);
    bars(b, report.intervals());
    selective(b, report.selective());
    b.append("<h2>Score distributions (answerable questions)</h2>\n");
    histogram(b, report, AnswerMetric.F1, "SQuAD F1");
    histogram(b, report, AnswerMetric.ROUGE_L, "ROUGE-L F1");
    worst(b, report);
    b.append("</body></html>\n");
    return b.toString();
  }

  private static void metricsTable(StringBuilder b, AnswerReport report) {
    b.append("<h2>Metrics</h2>\n<table><tr><th>metric</th><th>mean</th><th>95% interval</th>")
        .append("<th>items</th></tr>\n");
    report
        .intervals()
        .forEach(
            (name, ci) ->
                b.append("<tr><td>")
                    .append(esc(name))
                    .append(AnswerMetric.LOWER_IS_BETTER.contains(name) ? " (lower is better)" : "")
                    .append("</td><td class=n>")
                    .append(f(ci.mean()))
                    .append("</td><td class=n>")
                    .append(f(ci.low()))
                    .append(" – ")
                    .append(f(ci.high()))
                    .append("</td><td class=n>")
                    .append(report.counts().get(name))
                    .append("</td></tr>\n"));
    if (!Double.isNaN(report.bleu()))
      b.append("<tr><td>bleu (corpus, 0–100)</td><td class=n>")
          .append(String.format(Locale.ROOT, "%.2f", report.bleu()))
          .append("</td><td></td><td></td></tr>\n");
    b.append("</table>\n");
  }

  /** The confidence's AUROC and what each abstention threshold would answer and abstain on. */
  private static void selective(StringBuilder b, Selective sel) {
    if (Double.isNaN(sel.auroc())) return;
    b.append("<h2>Selective answering</h2>\n<p>abstention_auroc ")
        .append(f(sel.auroc()))
        .append(": how well the answerer's confidence ranks answerable above unanswerable")
        .append(" questions (0.5 is chance).</p>\n");
    if (sel.points().isEmpty()) return;
    b.append("<table><tr><th>answer only at confidence ≥</th><th>answer rate</th>")
        .append("<th>abstention accuracy</th></tr>\n");
    for (Selective.Point p : sel.points())
      b.append("<tr><td class=n>")
          .append(f(p.threshold()))
          .append("</td><td class=n>")
          .append(f(p.answerRate()))
          .append("</td><td class=n>")
          .append(f(p.abstentionAccuracy()))
          .append("</td></tr>\n");
    b.append("</table>\n");
  }

  /** Horizontal bars on [0, 1] with the interval drawn as an error bar. */
  private static void bars(StringBuilder b, Map<String, Bootstrap.Interval> intervals) {
    int rowH = 22, left = 170, width = 520, height = intervals.size() * rowH + 30;
    b.append("<svg width=\"")
        .append(left + width + 60)
        .append("\" height=\"")
        .append(height)
        .append("\" role=\"img\" aria-label=\"metric means with 95% intervals\">\n");
    int y = 10;
    for (var e : intervals.entrySet()) {
      Bootstrap.Interval ci = e.getValue();
      double x = left + width * clamp(ci.mean());
      b.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\">%s</text>",
              left - 8,
              y + 14,
              esc(e.getKey())));
      b.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"14\" fill=\"#7aa6d8\"/>",
              left,
              y + 3,
              x - left));
      double lo = left + width * clamp(ci.low()), hi = left + width * clamp(ci.high());
      b.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#222\"/>",
              lo,
              hi,
              y + 10,
              y + 10));
      b.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#222\"/>",
              lo,
              lo,
              y + 6,
              y + 14));
      b.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#222\"/>",
              hi,
              hi,
              y + 6,
              y + 14));
      b.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>\n",
              left + width + 6,
              y + 14,
              f(ci.mean())));
      y += rowH;
    }
    b.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#999\"/>",
            left,
            left + width,
            y + 4,
            y + 4));
    for (int t = 0; t <= 4; t++)
      b.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%.2f</text>",
              left + width * t / 4.0,
              y + 16,
              t / 4.0));
    b.append("</svg>\n");
  }

  /** A 10-bin histogram of one per-item metric over [0, 1]. */
  private static void histogram(StringBuilder b, AnswerReport report, String metric, String title) {
    int[] bins = new int[10];
    int n = 0;
    for (ItemResult r : report.items()) {
      if (!r.item().answerable()) continue;
      Double v = r.scores().get(metric);
      if (v == null) continue;
      bins[Math.min(9, (int) Math.floor(clamp(v) * 10))]++;
      n++;
    }
    if (n == 0) return;
    int max = 1;
    for (int c : bins) max = Math.max(max, c);
    int w = 40, h = 120, top = 14;
    b.append("<p>").append(esc(title)).append(" of ").append(n).append(" items</p>\n");
    b.append(
        String.format(
            Locale.ROOT,
            "<svg width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s histogram\">",
            10 * w + 20,
            top + h + 30,
            esc(title)));
    for (int i = 0; i < 10; i++) {
      double bh = h * bins[i] / (double) max;
      b.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"#9cc69b\"><title>%.1f–%.1f: %d</title></rect>",
              10 + i * w,
              top + h - bh,
              w - 4,
              bh,
              i / 10.0,
              (i + 1) / 10.0,
              bins[i]));
      b.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%d</text>",
              10 + i * w + (w - 4) / 2,
              top + h - (int) bh - 3,
              bins[i]));
      b.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" font-size=\"10\">%.1f</text>",
              10 + i * w,
              top + h + 14,
              i / 10.0));
    }
    b.append("</svg>\n");
  }

  private static void worst(StringBuilder b, AnswerReport report) {
    List<ItemResult> missed =
        report.items().stream()
            .filter(r -> r.item().answerable() && !r.failed())
            .filter(r -> r.scores().getOrDefault(AnswerMetric.GOLD_IN_ANSWER, 0.0) == 0.0)
            .sorted(Comparator.comparingDouble(r -> r.scores().getOrDefault(AnswerMetric.F1, 0.0)))
            .limit(WORST)
            .toList();
    List<ItemResult> falseAnswers =
        report.items().stream()
            .filter(r -> !r.item().answerable() && !r.abstained() && !r.failed())
            .limit(WORST)
            .toList();
    b.append("<h2>Answerable questions whose gold answer is not in the answer (")
        .append(missed.size())
        .append(" shown)</h2>\n");
    for (ItemResult r : missed) item(b, r);
    b.append("<h2>Unanswerable questions that were answered (")
        .append(falseAnswers.size())
        .append(" shown)</h2>\n");
    for (ItemResult r : falseAnswers) item(b, r);
  }

  private static void item(StringBuilder b, ItemResult r) {
    b.append("<div class=item><div class=q>").append(esc(r.item().question())).append("</div>");
    b.append("<div class=muted>id ").append(esc(r.item().id()));
    if (!r.item().answers().isEmpty())
      b.append(" · gold: ").append(esc(String.join(" | ", r.item().answers())));
    b.append(" · retrieved: ").append(esc(String.join(", ", r.retrieved()))).append("</div>");
    if (r.abstained()) b.append("<p><em>abstained</em></p>");
    else {
      b.append("<ul>");
      for (ItemResult.ClaimResult c : r.claims())
        b.append("<li>")
            .append(esc(c.text()))
            .append(" <span class=muted>[")
            .append(esc(String.join(", ", c.citedDocuments())))
            .append("]</span> ")
            .append(
                c.supported()
                    ? "<span class=ok>supported</span>"
                    : "<span class=bad>unsupported</span>")
            .append("</li>");
      b.append("</ul>");
    }
    b.append("</div>\n");
  }

  private static double clamp(double v) {
    return Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
  }

  private static String f(double d) {
    return String.format(Locale.ROOT, "%.4f", d);
  }

  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
