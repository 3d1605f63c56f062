package dev.grounded.guard.poisoning;

import dev.grounded.guard.Finding;
import dev.grounded.guard.Guard;
import dev.grounded.guard.Severity;
import dev.grounded.guard.Source;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A chunk stuffed with keywords so that it matches many queries: a long run of words that reads as
 * a list, not as prose. English prose is about 40 % function words ("the", "of", "is"); a stuffed
 * chunk has almost none, and few sentence marks. Any run of {@value #MIN_WORDS} words (windows a
 * few words apart) of either shape is reported as {@code anomaly.keyword_stuffing}, spanning the
 * windows found, so keywords appended to a passage are caught too:
 *
 * <ul>
 *   <li>a list: under {@value #MAX_FUNCTION_SHARE} of the words function words, under one sentence
 *       mark per {@value #WORDS_PER_MARK} words, and most content words distinct;
 *   <li>a repeated word: one content word making up over {@value #MAX_REPEAT_SHARE} of the words.
 * </ul>
 *
 * Only retrieved chunks and documents are scanned (a question may well be a list of keywords). Text
 * that is not English prose can look like a list (tables, code, word lists in other languages): the
 * finding is low severity and flagged by default, never blocked.
 */
public final class KeywordStuffingGuard implements Guard {
  static final int MIN_WORDS = 40;
  static final double MAX_FUNCTION_SHARE = 0.08;
  static final int WORDS_PER_MARK = 25;
  static final double MAX_REPEAT_SHARE = 0.25;
  static final String TYPE = "anomaly.keyword_stuffing";
  static final int STEP = 10;

  private static final Pattern WORD = Pattern.compile("\\p{L}[\\p{L}'’-]*");
  private static final Pattern MARK = Pattern.compile("[.!?;:](\\s|$)");
  private static final Set<String> FUNCTION =
      Set.of(
          "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "and", "or",
          "but", "not", "no", "is", "are", "was", "were", "be", "been", "being", "it", "its",
          "this", "that", "these", "those", "as", "if", "then", "than", "so", "such", "can", "may",
          "will", "would", "should", "could", "do", "does", "did", "has", "have", "had", "we",
          "you", "they", "he", "she", "i", "our", "their", "his", "her", "which", "who", "what",
          "when", "where", "how", "all", "any", "each", "more", "most", "some", "into", "over",
          "under", "between", "about", "also", "there", "here", "one", "only");

  @Override
  public List<Finding> scan(String text, Source source) {
    if (source != Source.CHUNK && source != Source.DOCUMENT) return List.of();
    List<int[]> spans = new ArrayList<>();
    List<String> words = new ArrayList<>();
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      spans.add(new int[] {m.start(), m.end()});
      words.add(m.group().toLowerCase(Locale.ROOT));
    }
    if (words.size() < MIN_WORDS) return List.of();
    int from = -1, to = -1;
    double best = 0;
    int lastWindow = words.size() - MIN_WORDS;
    for (int w = 0; w <= lastWindow; w = w < lastWindow ? Math.min(w + STEP, lastWindow) : w + 1) {
      double score = stuffed(text, words, spans, w, w + MIN_WORDS);
      if (score <= 0) continue;
      if (from < 0) from = spans.get(w)[0];
      to = spans.get(w + MIN_WORDS - 1)[1];
      best = Math.max(best, score);
    }
    if (from < 0) return List.of();
    return List.of(new Finding(TYPE, from, to, best, Severity.LOW, "keyword-stuffing"));
  }

  /** A score in (0, 1] when words [a, b) read as a keyword list or one word repeated, else 0. */
  private static double stuffed(String text, List<String> words, List<int[]> spans, int a, int b) {
    int n = b - a, function = 0;
    Map<String, Integer> counts = new HashMap<>();
    for (int i = a; i < b; i++) {
      String w = words.get(i);
      if (FUNCTION.contains(w)) function++;
      else counts.merge(w, 1, Integer::sum);
    }
    int top = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    if (top > MAX_REPEAT_SHARE * n) return Math.min(1, 0.5 + top / (double) n / 2);
    double functionShare = function / (double) n;
    if (functionShare >= MAX_FUNCTION_SHARE) return 0;
    if (counts.size() <= 0.5 * (n - function)) return 0;
    Matcher marks = MARK.matcher(text).region(spans.get(a)[0], spans.get(b - 1)[1]);
    int count = 0;
    while (marks.find()) count++;
    if (count * WORDS_PER_MARK >= n) return 0;
    return Math.min(1, 0.5 + (MAX_FUNCTION_SHARE - functionShare) / MAX_FUNCTION_SHARE / 2);
  }
}
