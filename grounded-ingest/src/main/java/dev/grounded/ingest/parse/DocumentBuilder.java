package dev.grounded.ingest.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * Accumulates paragraphs, headings and page breaks into the text and sections of a {@link
 * ParsedDocument}. Every reader (plain text, markdown, Tika's XHTML) feeds one, so offsets are
 * computed in one place.
 */
final class DocumentBuilder {
  static final String PARAGRAPH_BREAK = "\n\n";

  private final StringBuilder text = new StringBuilder();
  private final List<Section> sections = new ArrayList<>();
  private final List<String> path = new ArrayList<>();
  private final List<Integer> levels = new ArrayList<>();
  private String firstHeading;
  private int page;
  private int sectionStart = -1;
  private int sectionEnd;

  /** Characters of text so far. */
  int length() {
    return text.length();
  }

  /** Appends a body paragraph as given; a blank one is ignored. */
  void paragraph(CharSequence paragraph) {
    if (paragraph.toString().isBlank()) return;
    int start = append(paragraph);
    if (sectionStart < 0) sectionStart = start;
    sectionEnd = text.length();
  }

  /**
   * Appends a heading paragraph and makes it the innermost heading for what follows; a blank one is
   * ignored.
   */
  void heading(int level, String title) {
    String clean = title.strip();
    if (clean.isEmpty()) return;
    closeSection();
    append(clean);
    if (firstHeading == null) firstHeading = clean;
    while (!levels.isEmpty() && levels.get(levels.size() - 1) >= level) {
      levels.remove(levels.size() - 1);
      path.remove(path.size() - 1);
    }
    levels.add(level);
    path.add(clean);
  }

  /** Starts a new page (1-based); the heading path carries over. */
  void page(int number) {
    closeSection();
    page = number;
  }

  /**
   * @param metadataTitle title from the format's metadata, may be null or blank
   * @param fileTitle title to use when neither metadata nor a heading gives one
   */
  ParsedDocument build(String source, String metadataTitle, String fileTitle) {
    closeSection();
    String title = metadataTitle != null && !metadataTitle.isBlank() ? metadataTitle.strip() : null;
    if (title == null) title = firstHeading != null ? firstHeading : fileTitle;
    return new ParsedDocument(source, title, text.toString(), sections);
  }

  private int append(CharSequence paragraph) {
    if (!text.isEmpty()) text.append(PARAGRAPH_BREAK);
    int start = text.length();
    text.append(paragraph);
    return start;
  }

  private void closeSection() {
    if (sectionStart < 0) return;
    sections.add(new Section(path, page, sectionStart, sectionEnd));
    sectionStart = -1;
  }
}
