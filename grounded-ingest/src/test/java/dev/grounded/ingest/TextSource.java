package dev.grounded.ingest;

import dev.grounded.ingest.parse.ParsedDocument;
import dev.grounded.ingest.parse.Section;
import java.util.List;
import java.util.Map;

/** An in-memory source for tests: its id, display source, text and metadata as given. */
record TextSource(String documentId, String source, String text, Map<String, String> metadata)
    implements SourceDocument {
  static TextSource of(String id, String text) {
    return new TextSource(id, id, text, Map.of());
  }

  @Override
  public String contentHash() {
    return Hashing.sha256(text);
  }

  @Override
  public ParsedDocument parse() {
    Section all = new Section(List.of(), 0, 0, text.length());
    return new ParsedDocument(source, "Title of " + documentId, text, List.of(all));
  }
}
