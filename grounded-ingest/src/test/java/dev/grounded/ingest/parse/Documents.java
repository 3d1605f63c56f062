package dev.grounded.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** Structural checks every parsed document must pass, whatever its format. */
public final class Documents {
  private Documents() {}

  public static void assertWellFormed(ParsedDocument doc) {
    String text = doc.text();
    assertThat(text).as("text of %s is trimmed", doc.source()).isEqualTo(text.strip());
    int previousEnd = 0;
    for (Section s : doc.sections()) {
      assertThat(s.start())
          .as("section %s starts after the previous one", s)
          .isGreaterThanOrEqualTo(previousEnd);
      assertThat(s.end())
          .as("section %s ends inside the text", s)
          .isLessThanOrEqualTo(text.length());
      String body = doc.text(s);
      assertThat(body).as("section %s is non-blank", s).isNotBlank();
      assertThat(s.start() == 0 || text.startsWith("\n\n", s.start() - 2))
          .as("section %s starts a paragraph", s)
          .isTrue();
      assertThat(s.end() == text.length() || text.startsWith("\n\n", s.end()))
          .as("section %s ends a paragraph", s)
          .isTrue();
      previousEnd = s.end();
    }
  }

  /** The texts of the sections, in order. */
  public static List<String> sectionTexts(ParsedDocument doc) {
    return doc.sections().stream().map(doc::text).toList();
  }

  public static List<List<String>> headingPaths(ParsedDocument doc) {
    return doc.sections().stream().map(Section::headings).toList();
  }
}
