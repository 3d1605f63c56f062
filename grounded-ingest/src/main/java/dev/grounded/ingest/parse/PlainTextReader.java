package dev.grounded.ingest.parse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads plain text into a {@link DocumentBuilder}: blocks separated by blank lines become
 * paragraphs, kept as written. For reStructuredText, a block that opens with a title underlined
 * (and optionally overlined) by a repeated punctuation character is a heading; levels follow the
 * order in which adornment styles first appear, as in docutils.
 */
final class PlainTextReader {
  private static final int MAX_LEVEL = 6;

  private final DocumentBuilder out;
  private final boolean restructuredText;
  private final Map<String, Integer> levels = new HashMap<>();
  private final List<String> block = new ArrayList<>();

  private PlainTextReader(DocumentBuilder out, boolean restructuredText) {
    this.out = out;
    this.restructuredText = restructuredText;
  }

  /** Throws {@link ParseBudget.Exhausted} when the budget's time is up. */
  static void read(String text, DocumentBuilder out, boolean restructuredText, ParseBudget budget) {
    PlainTextReader reader = new PlainTextReader(out, restructuredText);
    text.lines()
        .forEach(
            line -> {
              budget.stopIfOutOfTime();
              reader.line(line);
            });
    reader.flush();
  }

  private void line(String line) {
    if (line.isBlank()) {
      flush();
    } else {
      block.add(line);
      if (restructuredText) headingAtBlockStart();
    }
  }

  /**
   * Turns {@code title / underline} or {@code overline / title / underline} at the start of a block
   * into a heading.
   */
  private void headingAtBlockStart() {
    int n = block.size();
    if (n < 2 || n > 3 || !isAdornment(block.get(n - 1))) return;
    String title = block.get(n - 2).strip();
    boolean overlined = n == 3;
    char c = block.get(n - 1).strip().charAt(0);
    if (overlined && !(isAdornment(block.get(0)) && block.get(0).strip().charAt(0) == c)) return;
    if (title.isEmpty()
        || isAdornment(title)
        || Character.isWhitespace(block.get(n - 2).charAt(0)) && !overlined) {
      return;
    }
    if (block.get(n - 1).strip().length() < Math.min(title.length(), 3)) return;
    String style = (overlined ? "over+" : "") + c;
    int level = levels.computeIfAbsent(style, k -> Math.min(levels.size() + 1, MAX_LEVEL));
    block.clear();
    out.heading(level, title);
  }

  private static boolean isAdornment(String line) {
    String s = line.strip();
    return s.length() >= 2
        && isPunctuation(s.charAt(0))
        && s.chars().allMatch(ch -> ch == s.charAt(0));
  }

  private static boolean isPunctuation(char c) {
    return "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".indexOf(c) >= 0;
  }

  private void flush() {
    if (block.isEmpty()) return;
    out.paragraph(String.join("\n", block).stripTrailing());
    block.clear();
  }
}
