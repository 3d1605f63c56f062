package dev.grounded.eval;

import java.util.Objects;

/**
 * One line of a BEIR {@code corpus.jsonl}.
 *
 * @param id the document's {@code _id}, kept as a string even when numeric (SciFact's are)
 * @param title the title, empty when the line has none
 * @param text the body text
 */
public record BeirDocument(String id, String title, String text) {
  public BeirDocument {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(text, "text");
    if (id.isBlank()) throw new IllegalArgumentException("id is blank");
  }

  /** The title, a blank line and the text; the text alone when there is no title. */
  public String fullText() {
    return title.isEmpty() ? text : title + "\n\n" + text;
  }
}
