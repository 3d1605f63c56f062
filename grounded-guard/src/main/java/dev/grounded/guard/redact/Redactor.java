package dev.grounded.guard.redact;

import dev.grounded.guard.Finding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Replaces findings' spans with their labels: {@code [EMAIL]}, {@code [SECRET]}. */
public final class Redactor {
  private Redactor() {}

  /** A span to replace, merged from one or more overlapping findings; the first one's label. */
  record Region(int start, int end, String label) {}

  /** {@code text} with each finding's span (overlapping spans merged) replaced by its label. */
  public static String redact(String text, List<Finding> findings) {
    StringBuilder b = new StringBuilder(text.length());
    int at = 0;
    for (Region r : regions(text, findings)) {
      b.append(text, at, r.start()).append('[').append(r.label()).append(']');
      at = r.end();
    }
    return b.append(text, at, text.length()).toString();
  }

  /**
   * The label of a finding type: {@code pii.email} gives {@code EMAIL}, {@code secret.*} SECRET.
   */
  public static String label(String type) {
    if (type.equals("secret") || type.startsWith("secret.")) return "SECRET";
    return type.substring(type.lastIndexOf('.') + 1).toUpperCase(Locale.ROOT);
  }

  /** Findings in text order with overlapping (or touching-inside) spans merged. */
  static List<Region> regions(String text, List<Finding> findings) {
    List<Finding> sorted = new ArrayList<>(findings);
    sorted.sort(Comparator.comparingInt(Finding::start).thenComparing(f -> -f.end()));
    List<Region> out = new ArrayList<>();
    for (Finding f : sorted) {
      if (f.end() > text.length())
        throw new IllegalArgumentException(
            "finding " + f.type() + " [" + f.start() + ", " + f.end() + ") lies outside the text");
      if (f.start() == f.end()) continue;
      Region last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && f.start() < last.end())
        out.set(
            out.size() - 1, new Region(last.start(), Math.max(last.end(), f.end()), last.label()));
      else out.add(new Region(f.start(), f.end(), label(f.type())));
    }
    return out;
  }
}
