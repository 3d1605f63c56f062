package dev.grounded.eval.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Exact match and token F1 as SQuAD's official evaluation script (v1.1 and v2.0) computes them:
 * both texts are lower-cased, stripped of ASCII punctuation and of the articles a, an and the, and
 * split on whitespace; a prediction scores its best against any of the gold answers. In SQuAD 2.0
 * an unanswerable question has no gold answer, and only an empty prediction (an abstention) scores
 * 1.
 */
public final class SquadScore {
  // the official script's regular expressions, with Python 3's Unicode \b, \w and \s
  private static final Pattern ARTICLES =
      Pattern.compile("\\b(a|an|the)\\b", Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern WHITESPACE =
      Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);
  private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

  private SquadScore() {}

  /** SQuAD's normalization: lower case, no punctuation, no articles, single spaces. */
  public static String normalize(String text) {
    return String.join(" ", tokens(text));
  }

  /** The normalized tokens of a text. */
  public static List<String> tokens(String text) {
    Objects.requireNonNull(text, "text");
    StringBuilder b = new StringBuilder(text.length());
    String lower = text.toLowerCase(Locale.ROOT);
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      if (PUNCTUATION.indexOf(c) < 0) b.append(c);
    }
    String noArticles = ARTICLES.matcher(b).replaceAll(" ");
    List<String> out = new ArrayList<>();
    for (String t : WHITESPACE.split(noArticles)) if (!t.isEmpty()) out.add(t);
    return out;
  }

  /** 1 if the normalized prediction equals a normalized gold answer; see the class comment. */
  public static double exactMatch(String prediction, List<String> golds) {
    return best(prediction, golds, SquadScore::exactMatch);
  }

  /** The token F1 of the prediction against its best gold answer; see the class comment. */
  public static double f1(String prediction, List<String> golds) {
    return best(prediction, golds, SquadScore::f1);
  }

  static double exactMatch(String prediction, String gold) {
    return normalize(prediction).equals(normalize(gold)) ? 1 : 0;
  }

  static double f1(String prediction, String gold) {
    List<String> p = tokens(prediction);
    List<String> g = tokens(gold);
    // as the official script: if either is empty, F1 is 1 when both are, else 0
    if (p.isEmpty() || g.isEmpty()) return p.equals(g) ? 1 : 0;
    Map<String, Integer> counts = new HashMap<>();
    for (String t : g) counts.merge(t, 1, Integer::sum);
    int common = 0;
    for (String t : p) {
      Integer left = counts.get(t);
      if (left != null && left > 0) {
        common++;
        counts.put(t, left - 1);
      }
    }
    if (common == 0) return 0;
    double precision = common / (double) p.size();
    double recall = common / (double) g.size();
    return 2 * precision * recall / (precision + recall);
  }

  private interface Pairwise {
    double score(String prediction, String gold);
  }

  private static double best(String prediction, List<String> golds, Pairwise score) {
    Objects.requireNonNull(prediction, "prediction");
    // SQuAD 2.0: no gold answer means unanswerable, and the gold is the empty string
    List<String> candidates = golds.isEmpty() ? List.of("") : golds;
    double best = 0;
    for (String gold : candidates) best = Math.max(best, score.score(prediction, gold));
    return best;
  }
}
