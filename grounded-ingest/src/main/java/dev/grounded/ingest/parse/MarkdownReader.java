package dev.grounded.ingest.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads markdown into a {@link DocumentBuilder}. Recognizes ATX headings ({@code #}..{@code
 * ######}), setext headings (a paragraph underlined with {@code ===} or {@code ---}), fenced code
 * blocks (kept verbatim; {@code #} lines inside them are code) and YAML front matter (its {@code
 * title:} is the metadata title; the block is not text). Heading markers are removed; everything
 * else is kept as written, blocks separated by one blank line.
 */
final class MarkdownReader {
  // greedy and anchored only at the start: a lazy group followed by optional blanks (or a search
  // for a run of blanks before a closing sequence) backtracks quadratically on a long line
  private static final Pattern ATX = Pattern.compile(" {0,3}(#{1,6})(?:[ \\t]+(.*))?");
  private static final Pattern SETEXT = Pattern.compile(" {0,3}(=+|-+)[ \\t]*");
  private static final Pattern FENCE = Pattern.compile(" {0,3}(`{3,}|~{3,})(.*)");
  private static final Pattern LIST_OR_QUOTE =
      Pattern.compile(" {0,3}(?:[-*+>]|\\d{1,9}[.)])(?:[ \\t].*)?");
  private static final Pattern FRONT_MATTER_TITLE = Pattern.compile("title:[ \\t]*(.*)");

  private final DocumentBuilder out;
  private final List<String> block = new ArrayList<>();
  private String fence;

  private MarkdownReader(DocumentBuilder out) {
    this.out = out;
  }

  /**
   * Reads {@code text} (lines ending in {@code \n}) into {@code out}; returns the front-matter
   * title or null. Throws {@link ParseBudget.Exhausted} when the budget's time is up.
   */
  static String read(String text, DocumentBuilder out, ParseBudget budget) {
    List<String> lines = text.lines().toList();
    FrontMatter frontMatter = FrontMatter.of(lines);
    MarkdownReader reader = new MarkdownReader(out);
    for (String line : lines.subList(frontMatter.bodyStart(), lines.size())) {
      budget.stopIfOutOfTime();
      reader.line(line);
    }
    reader.flush();
    return frontMatter.title();
  }

  private void line(String line) {
    if (fence != null) {
      block.add(line);
      if (closesFence(line)) {
        flush();
        fence = null;
      }
      return;
    }
    if (line.isBlank()) {
      flush();
      return;
    }
    if (opensFence(line)) {
      flush();
      block.add(line);
      return;
    }
    Matcher atx = ATX.matcher(line);
    if (atx.matches()) {
      flush();
      String content =
          atx.group(2) == null ? "" : withoutClosingSequence(stripBlanks(atx.group(2)));
      out.heading(atx.group(1).length(), content);
    } else if (isSetextUnderline(line)) {
      String heading = String.join(" ", block.stream().map(String::strip).toList());
      block.clear();
      out.heading(line.strip().charAt(0) == '=' ? 1 : 2, heading);
    } else {
      block.add(line);
    }
  }

  /** Without trailing spaces and tabs. */
  private static String stripBlanks(String s) {
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) end--;
    return s.substring(0, end);
  }

  /** Without an ATX closing sequence: trailing {@code #}s that are the whole or follow a blank. */
  private static String withoutClosingSequence(String s) {
    int hashes = s.length();
    while (hashes > 0 && s.charAt(hashes - 1) == '#') hashes--;
    if (hashes == s.length()) return s;
    if (hashes == 0) return "";
    char before = s.charAt(hashes - 1);
    return before == ' ' || before == '\t' ? stripBlanks(s.substring(0, hashes)) : s;
  }

  /** Without matching single or double quotes around it. */
  private static String unquoted(String s) {
    return s.length() >= 2
            && (s.charAt(0) == '"' || s.charAt(0) == '\'')
            && s.charAt(s.length() - 1) == s.charAt(0)
        ? s.substring(1, s.length() - 1)
        : s;
  }

  private boolean opensFence(String line) {
    Matcher m = FENCE.matcher(line);
    if (!m.matches() || (m.group(1).charAt(0) == '`' && m.group(2).indexOf('`') >= 0)) return false;
    fence = m.group(1);
    return true;
  }

  private boolean closesFence(String line) {
    if (block.size() < 2) return false;
    String s = line.strip();
    int run = 0;
    while (run < s.length() && s.charAt(run) == fence.charAt(0)) run++;
    return run == s.length() && run >= fence.length() && line.indexOf(fence.charAt(0)) <= 3;
  }

  private boolean isSetextUnderline(String line) {
    return !block.isEmpty()
        && SETEXT.matcher(line).matches()
        && !LIST_OR_QUOTE.matcher(block.get(0)).matches();
  }

  private void flush() {
    if (block.isEmpty()) return;
    out.paragraph(String.join("\n", block).stripTrailing());
    block.clear();
  }

  /**
   * A YAML block between {@code ---} lines at the very top: its title (or null) and the first line
   * after it.
   */
  private record FrontMatter(String title, int bodyStart) {
    static FrontMatter of(List<String> lines) {
      if (lines.isEmpty() || !lines.get(0).strip().equals("---")) return new FrontMatter(null, 0);
      String title = null;
      for (int i = 1; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        if (line.equals("---") || line.equals("...")) return new FrontMatter(title, i + 1);
        Matcher m = FRONT_MATTER_TITLE.matcher(line);
        if (title == null && m.matches()) title = unquoted(stripBlanks(m.group(1)));
      }
      return new FrontMatter(null, 0);
    }
  }
}
