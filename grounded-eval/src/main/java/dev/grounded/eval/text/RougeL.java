package dev.grounded.eval.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * ROUGE-L: precision, recall and F1 of the longest common subsequence of tokens, as Google's {@code
 * rouge-score} package computes it without stemming: text lower-cased, every run of characters
 * other than {@code a-z} and {@code 0-9} treated as a space. With several references a prediction
 * scores its best F1.
 */
public final class RougeL {
  private RougeL() {}

  /** Precision, recall and F1 (the harmonic mean), each in [0, 1]. */
  public record Score(double precision, double recall, double f1) {}

  /** ROUGE-L of a prediction against one reference. */
  public static Score score(String prediction, String reference) {
    List<String> p = tokens(prediction);
    List<String> r = tokens(reference);
    if (p.isEmpty() || r.isEmpty()) return new Score(0, 0, 0);
    int lcs = lcs(p, r);
    double precision = lcs / (double) p.size();
    double recall = lcs / (double) r.size();
    double f1 = lcs == 0 ? 0 : 2 * precision * recall / (precision + recall);
    return new Score(precision, recall, f1);
  }

  /** The best-scoring (by F1) reference's score; all zeros without references. */
  public static Score best(String prediction, List<String> references) {
    Score best = new Score(0, 0, 0);
    for (String r : references) {
      Score s = score(prediction, r);
      if (s.f1() > best.f1()) best = s;
    }
    return best;
  }

  /** rouge-score's default tokenization (no stemmer). */
  static List<String> tokens(String text) {
    Objects.requireNonNull(text, "text");
    List<String> out = new ArrayList<>();
    StringBuilder token = new StringBuilder();
    String lower = text.toLowerCase(Locale.ROOT);
    for (int i = 0; i <= lower.length(); i++) {
      char c = i < lower.length() ? lower.charAt(i) : ' ';
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) token.append(c);
      else if (!token.isEmpty()) {
        out.add(token.toString());
        token.setLength(0);
      }
    }
    return out;
  }

  /** Length of the longest common subsequence, in O(|a|·|b|) time and O(|b|) space. */
  static int lcs(List<String> a, List<String> b) {
    int[] prev = new int[b.size() + 1];
    int[] cur = new int[b.size() + 1];
    for (String x : a) {
      for (int j = 1; j <= b.size(); j++)
        cur[j] = x.equals(b.get(j - 1)) ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.size()];
  }
}
