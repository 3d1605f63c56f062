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
    Session session = new Session();
    String out = session.apply(text, findings, List.of());
    return new Pseudonymized(out, session.originals);
  }

  /**
   * Pseudonymizes several texts of one call (the messages of a chat request) with one mapping: the
   * same value gets the same placeholder in every text, and a placeholder any text so far contains
   * is never issued. Spans a finding marks for redaction instead become {@code [LABEL]} and are not
   * restored. One per call, not thread-safe.
   */
  public static final class Session {
    private final Map<String, String> originals = new LinkedHashMap<>();
    private final Map<String, String> issued = new HashMap<>();
    private final Map<String, Integer> counters = new HashMap<>();
    private final StringBuilder seen = new StringBuilder();

    /**
     * {@code text} with the spans of {@code pseudonymize} replaced by placeholders and those of
     * {@code redact} by labels (where they overlap, the redaction wins).
     */
    public String apply(String text, List<Finding> pseudonymize, List<Finding> redact) {
      seen.append(text).append('\0');
      List<Finding> all = new java.util.ArrayList<>(redact);
      all.addAll(pseudonymize);
      java.util.Set<Finding> redacted = new java.util.HashSet<>(redact);
      StringBuilder b = new StringBuilder(text.length());
      int at = 0;
      for (Redactor.Region r : Redactor.regions(text, all)) {
        boolean hidden = false;
        for (Finding f : redacted) if (f.start() < r.end() && f.end() > r.start()) hidden = true;
        b.append(text, at, r.start());
        if (hidden) b.append('[').append(r.label()).append(']');
        else {
          String original = text.substring(r.start(), r.end());
          String placeholder =
              issued.computeIfAbsent(
                  r.label() + '\0' + original,
                  k -> {
                    String p;
                    do p = "<" + r.label() + "_" + counters.merge(r.label(), 1, Integer::sum) + ">";
                    while (seen.indexOf(p) >= 0);
                    return p;
                  });
          originals.put(placeholder, original);
          b.append(placeholder);
        }
        at = r.end();
      }
      return b.append(text, at, text.length()).toString();
    }

    /** The mapping so far, to restore the answer with ({@link Pseudonymized#restore}). */
    public Pseudonymized mapping() {
      return new Pseudonymized("", originals);
    }

    public boolean isEmpty() {
      return originals.isEmpty();
    }
  }
}
