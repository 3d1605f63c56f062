package dev.grounded.eval.retrieval;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Prints several runs' reports side by side: one row per metric, one column per mode, values to 4
 * decimals.
 */
public final class ReportTable {
  private ReportTable() {}

  /**
   * An aligned text table, e.g.
   *
   * <pre>
   * metric      bm25    dense
   * ndcg@10     0.6650  0.7130
   * recall@100  0.9087  0.9253
   * queries     300     300
   * </pre>
   *
   * Rows are the metrics of all reports in first-seen order; a mode without a metric shows {@code
   * -}. The last row counts the evaluated queries. Columns follow the map's iteration order (pass a
   * {@code LinkedHashMap}).
   */
  public static String table(Map<String, RetrievalReport> byMode) {
    Objects.requireNonNull(byMode, "byMode");
    Set<String> metrics = new LinkedHashSet<>();
    byMode.values().forEach(report -> metrics.addAll(report.metricNames()));
    List<List<String>> rows = new ArrayList<>();
    rows.add(row("metric", List.copyOf(byMode.keySet())));
    for (String metric : metrics) {
      List<String> cells = new ArrayList<>();
      for (RetrievalReport report : byMode.values()) {
        Double mean = report.means().get(metric);
        cells.add(mean == null ? "-" : String.format(Locale.ROOT, "%.4f", mean));
      }
      rows.add(row(metric, cells));
    }
    rows.add(
        row(
            "queries",
            byMode.values().stream().map(report -> String.valueOf(report.queryCount())).toList()));
    return render(rows);
  }

  private static List<String> row(String first, List<String> rest) {
    List<String> row = new ArrayList<>(rest.size() + 1);
    row.add(first);
    row.addAll(rest);
    return row;
  }

  private static String render(List<List<String>> rows) {
    int columns = rows.get(0).size();
    int[] widths = new int[columns];
    for (List<String> row : rows) {
      for (int c = 0; c < columns; c++) widths[c] = Math.max(widths[c], row.get(c).length());
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < columns; c++) {
        if (c > 0) line.append("  ");
        line.append(row.get(c)).append(" ".repeat(widths[c] - row.get(c).length()));
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
