package dev.grounded.ingest.parse;

import static dev.grounded.ingest.parse.Documents.assertWellFormed;
import static dev.grounded.ingest.parse.Documents.headingPaths;
import static dev.grounded.ingest.parse.Documents.sectionTexts;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkdownParsingTest {
  private final TikaParser parser = new TikaParser();
  @TempDir Path dir;

  @Test
  void atxHeadingsNestByLevelAndLoseTheirMarkers() throws Exception {
    ParsedDocument doc =
        parse(
            """
        Preamble before any heading.

        # Guide
        Intro *text*.

        ## Install ##
        Step one.
        Step two.

        ### Linux
        Use apt.

        ## Use
        Run it.

        # Appendix
        More.
        """);
    assertWellFormed(doc);
    assertThat(doc.title()).isEqualTo("Guide");
    assertThat(headingPaths(doc))
        .containsExactly(
            List.of(),
            List.of("Guide"),
            List.of("Guide", "Install"),
            List.of("Guide", "Install", "Linux"),
            List.of("Guide", "Use"),
            List.of("Appendix"));
    assertThat(sectionTexts(doc))
        .containsExactly(
            "Preamble before any heading.",
            "Intro *text*.",
            "Step one.\nStep two.",
            "Use apt.",
            "Run it.",
            "More.");
    assertThat(doc.text())
        .startsWith("Preamble before any heading.\n\nGuide\n\nIntro *text*.\n\nInstall\n\n");
  }

  @Test
  void setextHeadingsAreRecognizedAndAThematicBreakIsNot() throws Exception {
    ParsedDocument doc =
        parse(
            """
        Title Here
        ==========

        Body one.

        ---

        Part Two
        --------
        Body two.
        """);
    assertWellFormed(doc);
    assertThat(doc.title()).isEqualTo("Title Here");
    assertThat(headingPaths(doc))
        .containsExactly(List.of("Title Here"), List.of("Title Here", "Part Two"));
    assertThat(sectionTexts(doc)).containsExactly("Body one.\n\n---", "Body two.");
  }

  @Test
  void hashLinesInsideFencedCodeAreCodeNotHeadings() throws Exception {
    ParsedDocument doc =
        parse(
            """
        # Shell

        ```bash
        # install it
        ## not a heading either
        make install
        ```

        ~~~~
        # still code
        ~~~~

        #hashtag is not a heading
        """);
    assertWellFormed(doc);
    assertThat(headingPaths(doc)).containsExactly(List.of("Shell"));
    assertThat(sectionTexts(doc))
        .containsExactly(
            """
        ```bash
        # install it
        ## not a heading either
        make install
        ```

        ~~~~
        # still code
        ~~~~

        #hashtag is not a heading""");
  }

  @Test
  void anUnclosedFenceRunsToTheEndOfTheDocument() throws Exception {
    ParsedDocument doc = parse("# Top\n\n```\n# code\n\nmore code\n");
    assertThat(headingPaths(doc)).containsExactly(List.of("Top"));
    assertThat(doc.text()).isEqualTo("Top\n\n```\n# code\n\nmore code");
  }

  @Test
  void frontMatterTitleIsTheTitleAndIsNotText() throws Exception {
    ParsedDocument doc = parse("---\ntitle: \"Real Title\"\ntags: [a]\n---\n# Heading\nBody.\n");
    assertThat(doc.title()).isEqualTo("Real Title");
    assertThat(doc.text()).isEqualTo("Heading\n\nBody.");
  }

  @Test
  void withoutHeadingsTheTitleIsTheFileName() throws Exception {
    ParsedDocument doc = parse("Just text.\r\nOn two lines.\r\n");
    assertThat(doc.title()).isEqualTo("doc");
    assertThat(doc.text()).isEqualTo("Just text.\nOn two lines.");
  }

  @Test
  void aHeadingWithoutBodyAddsNoSection() throws Exception {
    ParsedDocument doc = parse("# A\n## B\nText under B.\n# C\n");
    assertThat(headingPaths(doc)).containsExactly(List.of("A", "B"));
    assertThat(doc.text()).isEqualTo("A\n\nB\n\nText under B.\n\nC");
  }

  private ParsedDocument parse(String markdown) throws Exception {
    return parser.parse(Files.writeString(dir.resolve("doc.md"), markdown));
  }
}
