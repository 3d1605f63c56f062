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
  private static final Pattern ATX = Pattern.compile(" {0,3}(#{1,6})(?:[ \\t]+(.*?))?[ \\t]*");
  private static final Pattern ATX_CLOSING = Pattern.compile("(?:^|[ \\t]+)#+$");
  private static final Pattern SETEXT = Pattern.compile(" {0,3}(=+|-+)[ \\t]*");
  private static final Pattern FENCE = Pattern.compile(" {0,3}(`{3,}|~{3,})(.*)");
  private static final Pattern LIST_OR_QUOTE =
      Pattern.compile(" {0,3}(?:[-*+>]|\\d{1,9}[.)])(?:[ \\t].*)?");
  private static final Pattern FRONT_MATTER_TITLE =
      Pattern.compile("title:[ \\t]*(['\"]?)(.*?)\\1[ \\t]*");

  private final DocumentBuilder out;
  private final List<String> block = new ArrayList<>();
  private String fence;

  private MarkdownReader(DocumentBuilder out) {
    this.out = out;
  }

  /**
   * Reads {@code text} (lines ending in {@code \n}) into {@code out}; returns the front-matter
   * title or null.
   */
  static String read(String text, DocumentBuilder out) {
    List<String> lines = text.lines().toList();
    FrontMatter frontMatter = FrontMatter.of(lines);
    MarkdownReader reader = new MarkdownReader(out);
    for (String line : lines.subList(frontMatter.bodyStart(), lines.size())) reader.line(line);
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
          atx.group(2) == null ? "" : ATX_CLOSING.matcher(atx.group(2)).replaceFirst("");
      out.heading(atx.group(1).length(), content);
    } else if (isSetextUnderline(line)) {
      String heading = String.join(" ", block.stream().map(String::strip).toList());
      block.clear();
      out.heading(line.strip().charAt(0) == '=' ? 1 : 2, heading);
    } else {
      block.add(line);
    }
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
        if (title == null && m.matches()) title = m.group(2);
      }
      return new FrontMatter(null, 0);
    }
  }
}
