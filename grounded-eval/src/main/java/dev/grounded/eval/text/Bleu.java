package dev.grounded.eval.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * BLEU with sacreBLEU's defaults: tokenizer 13a (mteval-v13a), case-sensitive, n-grams up to 4,
 * exponential smoothing, the closest reference length for the brevity penalty (the shorter on a
 * tie). {@link #corpus} pools n-gram counts over all segments, as published BLEU figures do; {@link
 * #sentence} scores one segment with sacreBLEU's {@code sentence_bleu} settings (effective order).
 * Scores are on sacreBLEU's 0–100 scale.
 */
public final class Bleu {
  static final int MAX_ORDER = 4;

  private static final Pattern[] PATTERNS = {
    Pattern.compile("([\\{-\\~\\[-\\` -\\&\\(-\\+\\:-\\@\\/])"),
    Pattern.compile("([^0-9])([\\.,])"),
    Pattern.compile("([\\.,])([^0-9])"),
    Pattern.compile("([0-9])(-)")
  };
  private static final Pattern WHITESPACE =
      Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);
  private static final String[] REPLACEMENTS = {" $1 ", "$1 $2 ", " $1 $2", "$1 $2 "};

  private Bleu() {}

  /**
   * A BLEU score with its parts: the four n-gram precisions (in %), the brevity penalty and the
   * system and reference lengths in tokens.
   */
  public record Score(
      double score, List<Double> precisions, double brevityPenalty, int hypLength, int refLength) {
    public Score {
      precisions = List.copyOf(precisions);
    }

    /** System length / reference length. */
    public double ratio() {
      return refLength == 0 ? 0 : hypLength / (double) refLength;
    }
  }

  /**
   * Corpus BLEU: {@code hypotheses.get(i)} against {@code references.get(i)} (one or more
   * references per segment).
   */
  public static Score corpus(List<String> hypotheses, List<List<String>> references) {
    if (hypotheses.size() != references.size())
      throw new IllegalArgumentException(
          hypotheses.size() + " hypotheses but " + references.size() + " reference sets");
    Stats total = new Stats();
    for (int i = 0; i < hypotheses.size(); i++)
      total.add(segment(hypotheses.get(i), references.get(i)));
    return total.score(false);
  }

  /** Sentence BLEU of one segment, with the effective order (as sacreBLEU's sentence_bleu). */
  public static Score sentence(String hypothesis, List<String> references) {
    Stats s = new Stats();
    s.add(segment(hypothesis, references));
    return s.score(true);
  }

  /** sacreBLEU's 13a tokenization. */
  static String[] tokenize13a(String line) {
    Objects.requireNonNull(line, "line");
    String s = line.stripTrailing().replace("<skipped>", "").replace("-\n", "").replace("\n", " ");
    if (s.indexOf('&') >= 0)
      s = s.replace("&quot;", "\"").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
    s = " " + s + " ";
    for (int i = 0; i < PATTERNS.length; i++)
      s = PATTERNS[i].matcher(s).replaceAll(REPLACEMENTS[i]);
    String trimmed = s.trim();
    return trimmed.isEmpty() ? new String[0] : WHITESPACE.split(trimmed);
  }

  private static Stats segment(String hypothesis, List<String> references) {
    if (references.isEmpty()) throw new IllegalArgumentException("a segment needs a reference");
    String[] hyp = tokenize13a(hypothesis);
    Map<String, Integer> maxRef = new HashMap<>();
    int closest = -1;
    for (String reference : references) {
      String[] ref = tokenize13a(reference);
      int diff = Math.abs(ref.length - hyp.length);
      int best = Math.abs(closest - hyp.length);
      if (closest < 0 || diff < best || (diff == best && ref.length < closest))
        closest = ref.length;
      ngrams(ref).forEach((g, c) -> maxRef.merge(g, c, Math::max));
    }
    Stats s = new Stats();
    s.hypLength = hyp.length;
    s.refLength = closest;
    ngrams(hyp)
        .forEach(
            (g, c) -> {
              int n = order(g);
              s.correct[n - 1] += Math.min(c, maxRef.getOrDefault(g, 0));
            });
    for (int n = 1; n <= MAX_ORDER; n++) s.total[n - 1] = Math.max(0, hyp.length - n + 1);
    return s;
  }

  /** n-gram counts, n = 1..4; an n-gram is its tokens joined by a space (tokens have none). */
  private static Map<String, Integer> ngrams(String[] tokens) {
    Map<String, Integer> counts = new HashMap<>();
    for (int n = 1; n <= MAX_ORDER; n++)
      for (int i = 0; i + n <= tokens.length; i++)
        counts.merge(String.join(" ", Arrays.asList(tokens).subList(i, i + n)), 1, Integer::sum);
    return counts;
  }

  private static int order(String ngram) {
    int n = 1;
    for (int i = 0; i < ngram.length(); i++) if (ngram.charAt(i) == ' ') n++;
    return n;
  }

  /** Sufficient statistics: matched and total n-grams per order, and the lengths. */
  private static final class Stats {
    final long[] correct = new long[MAX_ORDER];
    final long[] total = new long[MAX_ORDER];
    long hypLength;
    long refLength;

    void add(Stats o) {
      for (int n = 0; n < MAX_ORDER; n++) {
        correct[n] += o.correct[n];
        total[n] += o.total[n];
      }
      hypLength += o.hypLength;
      refLength += o.refLength;
    }

    Score score(boolean effectiveOrder) {
      double[] precisions = new double[MAX_ORDER];
      double bp =
          hypLength >= refLength
              ? 1
              : hypLength == 0 ? 0 : Math.exp(1 - refLength / (double) hypLength);
      boolean anyCorrect = false;
      for (long c : correct) anyCorrect |= c > 0;
      if (!anyCorrect) return score(0, precisions, bp); // as sacreBLEU: no match at all scores 0
      double smooth = 1;
      int order = MAX_ORDER;
      for (int n = 1; n <= MAX_ORDER; n++) {
        if (total[n - 1] == 0) break;
        if (effectiveOrder) order = n;
        if (correct[n - 1] == 0) {
          smooth *= 2;
          precisions[n - 1] = 100.0 / (smooth * total[n - 1]);
        } else precisions[n - 1] = 100.0 * correct[n - 1] / total[n - 1];
      }
      double logSum = 0;
      for (int n = 0; n < order; n++)
        logSum += precisions[n] == 0 ? Double.NEGATIVE_INFINITY : Math.log(precisions[n]);
      double score = bp * Math.exp(logSum / order);
      return score(Double.isFinite(score) ? score : 0, precisions, bp);
    }

    private Score score(double score, double[] precisions, double bp) {
      List<Double> p = new ArrayList<>();
      for (double x : precisions) p.add(x);
      return new Score(score, p, bp, (int) hypLength, (int) refLength);
    }
  }
}
