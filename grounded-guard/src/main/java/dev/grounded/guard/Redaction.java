package dev.grounded.guard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Replaces findings' spans with placeholders naming their types: {@code [PII_EMAIL]}. */
public final class Redaction {
  private Redaction() {}

  /**
   * {@code text} with each finding's span replaced by {@code [TYPE]}; overlapping spans are merged
   * and take the first (earliest, then longest) finding's type.
   */
  public static String apply(String text, List<Finding> findings) {
    if (findings.isEmpty()) return text;
    List<Finding> sorted = new ArrayList<>(findings);
    sorted.sort(
        Comparator.comparingInt(Finding::start)
            .thenComparing(Comparator.comparingInt(Finding::end).reversed()));
    StringBuilder out = new StringBuilder(text.length());
    int at = 0;
    int i = 0;
    while (i < sorted.size()) {
      Finding first = sorted.get(i);
      int end = first.end();
      int j = i + 1;
      while (j < sorted.size() && sorted.get(j).start() < end)
        end = Math.max(end, sorted.get(j++).end());
      out.append(text, at, Math.max(at, first.start()));
      out.append(placeholder(first.type()));
      at = Math.max(at, end);
      i = j;
    }
    out.append(text, Math.min(at, text.length()), text.length());
    return out.toString();
  }

  /** {@code [PII_EMAIL]} for {@code pii.email}. */
  public static String placeholder(String type) {
    return "[" + type.replace('.', '_').toUpperCase(Locale.ROOT) + "]";
  }
}
