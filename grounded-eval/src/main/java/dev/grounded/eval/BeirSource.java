package dev.grounded.eval;

import dev.grounded.ingest.Hashing;
import dev.grounded.ingest.SourceDocument;
import dev.grounded.ingest.parse.ParsedDocument;
import dev.grounded.ingest.parse.Section;
import java.util.List;
import java.util.Objects;

/**
 * A BEIR corpus record as an ingest source: the record's {@code _id} is the document id, its title
 * the heading of its one section (so it is part of what BM25 and the embedder see), its text the
 * body.
 */
public record BeirSource(BeirDocument document, String salt) implements SourceDocument {
  public BeirSource {
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(salt, "salt");
  }

  @Override
  public String documentId() {
    return document.id();
  }

  @Override
  public String source() {
    return document.id();
  }

  @Override
  public String contentHash() {
    return Hashing.sha256(document.title() + "\n" + document.text() + "\n" + salt);
  }

  /**
   * A record with no text is its title; a title repeated as the text is not also a heading (the
   * chunker would take the section for a bare heading and skip it). Either way every record is
   * retrievable.
   */
  @Override
  public ParsedDocument parse() {
    String title = document.title() == null ? "" : document.title().strip();
    String text = document.text().isBlank() ? title : document.text();
    List<String> headings =
        title.isEmpty() || text.strip().equals(title) ? List.of() : List.of(title);
    List<Section> sections =
        text.isBlank() ? List.of() : List.of(new Section(headings, 0, 0, text.length()));
    return new ParsedDocument(
        document.id(), title.isEmpty() ? document.id() : title, text, sections);
  }
}
