package dev.grounded.guard.redact;

import dev.grounded.guard.Finding;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reversible pseudonymization for an upstream call: each finding's span becomes a placeholder such
 * as {@code <EMAIL_1>}; the same value (with the same label) gets the same placeholder within one
 * call, and a placeholder the text already contains is never issued, so restoring cannot touch the
 * user's own text.
 */
public final class Pseudonymizer {
  private Pseudonymizer() {}

  public static Pseudonymized pseudonymize(String text, List<Finding> findings) {
    Map<String, String> originals = new LinkedHashMap<>(); // placeholder -> original
    Map<String, String> issued = new HashMap<>(); // label + NUL + original -> placeholder
    Map<String, Integer> counters = new HashMap<>();
    StringBuilder b = new StringBuilder(text.length());
    int at = 0;
    for (Redactor.Region r : Redactor.regions(text, findings)) {
      String original = text.substring(r.start(), r.end());
      String placeholder =
          issued.computeIfAbsent(
              r.label() + '\0' + original,
              k -> {
                String p;
                do p = "<" + r.label() + "_" + counters.merge(r.label(), 1, Integer::sum) + ">";
                while (text.contains(p));
                return p;
              });
      originals.put(placeholder, original);
      b.append(text, at, r.start()).append(placeholder);
      at = r.end();
    }
    b.append(text, at, text.length());
    return new Pseudonymized(b.toString(), originals);
  }
}
