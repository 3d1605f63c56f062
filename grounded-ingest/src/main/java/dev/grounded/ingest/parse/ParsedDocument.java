package dev.grounded.ingest.parse;

import java.util.List;
import java.util.Objects;

/**
 * A document reduced to plain text and its structure.
 *
 * @param source where the document came from, as given to the parser
 * @param title the metadata title, else the first heading, else the file name without its extension
 * @param text the extracted text: paragraphs separated by a blank line ({@code "\n\n"}), headings
 *     as paragraphs of their own
 * @param sections the body text under each heading path and page, in document order and
 *     non-overlapping; headings themselves lie between sections
 */
public record ParsedDocument(String source, String title, String text, List<Section> sections) {
  public ParsedDocument {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(text, "text");
    sections = List.copyOf(sections);
    int previousEnd = 0;
    for (Section s : sections) {
      if (s.start() < previousEnd) {
        throw new IllegalArgumentException(
            "section " + s + " overlaps or precedes the one before it");
      }
      if (s.end() > text.length()) {
        throw new IllegalArgumentException(
            "section " + s + " ends past the text (" + text.length() + " chars)");
      }
      previousEnd = s.end();
    }
  }

  /** The text of one section. */
  public String text(Section section) {
    return text.substring(section.start(), section.end());
  }
}
