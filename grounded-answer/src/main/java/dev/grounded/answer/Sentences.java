package dev.grounded.answer;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Splits text into sentences with their character ranges (trimmed of surrounding whitespace). */
final class Sentences {
  record Span(int start, int end) {}

  private Sentences() {}

  static List<Span> split(String text) {
    List<Span> out = new ArrayList<>();
    BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
    it.setText(text);
    int start = it.first();
    for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
      for (Span s : splitLines(text, start, end)) out.add(s);
    }
    return out;
  }

  /**
   * A "sentence" spanning a paragraph break, or running into a list item or heading line, is two:
   * headings and list items have no final period. A single line break inside a paragraph (wrapped
   * plain text) is just a space.
   */
  private static List<Span> splitLines(String text, int start, int end) {
    List<Span> out = new ArrayList<>();
    int from = start;
    for (int i = start; i < end; i++) {
      if (text.charAt(i) == '\n'
          && (blankLineAfter(text, i, end) || blockStartsAt(text, i + 1, end))) {
        addTrimmed(text, from, i, out);
        from = i + 1;
      }
    }
    addTrimmed(text, from, end, out);
    return out;
  }

  private static boolean blankLineAfter(String text, int newline, int end) {
    for (int i = newline + 1; i < end; i++) {
      char c = text.charAt(i);
      if (c == '\n') return true;
      if (!Character.isWhitespace(c)) return false;
    }
    return true;
  }

  /** A line that starts a list item, a heading, a table row or a quote. */
  private static boolean blockStartsAt(String text, int at, int end) {
    int i = at;
    while (i < end && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) i++;
    if (i >= end) return false;
    char c = text.charAt(i);
    if (c == '#' || c == '|' || c == '>') return true;
    if ((c == '-' || c == '*' || c == '+') && i + 1 < end && text.charAt(i + 1) == ' ') return true;
    int d = i;
    while (d < end && Character.isDigit(text.charAt(d))) d++;
    return d > i
        && d + 1 < end
        && (text.charAt(d) == '.' || text.charAt(d) == ')')
        && text.charAt(d + 1) == ' ';
  }

  /** The text with every run of whitespace made one space: how a quote reads inside an answer. */
  static String flat(String text) {
    return text.replaceAll("\\s+", " ").strip();
  }

  private static void addTrimmed(String text, int start, int end, List<Span> out) {
    while (start < end && Character.isWhitespace(text.charAt(start))) start++;
    while (end > start && Character.isWhitespace(text.charAt(end - 1))) end--;
    if (end > start) out.add(new Span(start, end));
  }
}
