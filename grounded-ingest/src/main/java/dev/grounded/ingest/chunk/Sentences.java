package dev.grounded.ingest.chunk;

import java.text.BreakIterator;
import java.text.StringCharacterIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Sentence boundaries within a paragraph: the JDK's sentence iterator, except that a boundary after
 * a common abbreviation ({@code Dr.}, {@code Fig.}, {@code e.g.}) or an initial ({@code J.}) is
 * dropped, and a line that starts a list item or quote ({@code - }, {@code 1. }, {@code > }) starts
 * a sentence. Not thread-safe.
 */
final class Sentences {
  private static final Set<String> ABBREVIATIONS =
      Set.of(
          "al.", "approx.", "ca.", "cf.", "ch.", "co.", "corp.", "dept.", "dr.", "e.g.", "eq.",
          "eqs.", "fig.", "figs.", "i.e.", "inc.", "jr.", "ltd.", "mr.", "mrs.", "ms.", "no.",
          "nos.", "p.", "pp.", "prof.", "ref.", "refs.", "sec.", "sr.", "st.", "tab.", "vol.",
          "vs.");

  private final BreakIterator iterator;

  Sentences(BreakIterator iterator) {
    this.iterator = iterator;
  }

  /**
   * Trimmed, non-empty {@code [start, end)} ranges of the sentences of {@code text[from, to)}, in
   * order.
   */
  List<int[]> split(String text, int from, int to) {
    TreeSet<Integer> boundaries = new TreeSet<>();
    iterator.setText(new StringCharacterIterator(text, from, to, from));
    for (int b = iterator.next(); b != BreakIterator.DONE && b < to; b = iterator.next()) {
      if (!afterAbbreviation(text, from, b)) boundaries.add(b);
    }
    for (int i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) {
      if (startsListItem(text, i + 1, to)) boundaries.add(i + 1);
    }
    boundaries.add(to);
    List<int[]> out = new ArrayList<>();
    int start = from;
    for (int end : boundaries) {
      int s = start;
      int e = end;
      while (s < e && Character.isWhitespace(text.charAt(s))) s++;
      while (e > s && Character.isWhitespace(text.charAt(e - 1))) e--;
      if (s < e) out.add(new int[] {s, e});
      start = end;
    }
    return out;
  }

  private static boolean afterAbbreviation(String text, int from, int boundary) {
    int end = boundary;
    while (end > from && Character.isWhitespace(text.charAt(end - 1))) end--;
    int start = end;
    while (start > from && !Character.isWhitespace(text.charAt(start - 1))) start--;
    while (start < end && !Character.isLetter(text.charAt(start))) start++;
    String token = text.substring(start, end);
    if (token.length() == 2 && Character.isUpperCase(token.charAt(0)) && token.charAt(1) == '.')
      return true;
    return token.length() <= 7 && ABBREVIATIONS.contains(token.toLowerCase(Locale.ROOT));
  }

  private static boolean startsListItem(String text, int lineStart, int to) {
    int i = lineStart;
    while (i < to && i - lineStart < 4 && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) i++;
    if (i >= to) return false;
    char c = text.charAt(i);
    if (c == '-' || c == '*' || c == '+' || c == '>' || c == '|')
      return i + 1 >= to || text.charAt(i + 1) == ' ';
    int digits = i;
    while (digits < to && Character.isDigit(text.charAt(digits))) digits++;
    return digits > i
        && digits - i <= 9
        && digits + 1 < to
        && (text.charAt(digits) == '.' || text.charAt(digits) == ')')
        && text.charAt(digits + 1) == ' ';
  }
}
