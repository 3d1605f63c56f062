package dev.grounded.ingest.parse;

import static dev.grounded.ingest.parse.Documents.assertWellFormed;
import static dev.grounded.ingest.parse.Documents.headingPaths;
import static dev.grounded.ingest.parse.Documents.sectionTexts;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TikaParserFormatsTest {
  private final TikaParser parser = new TikaParser();
  @TempDir Path dir;

  @Test
  void plainTextKeepsParagraphsAsWrittenInOneSectionTitledByFileName() throws Exception {
    Path file =
        write("release-notes.txt", "First line\nsecond  line.\n\n\n   \nSecond paragraph.\n");
    ParsedDocument doc = parser.parse(file);
    assertWellFormed(doc);
    assertThat(doc.title()).isEqualTo("release-notes");
    assertThat(doc.source()).isEqualTo(file.toString());
    assertThat(doc.text()).isEqualTo("First line\nsecond  line.\n\nSecond paragraph.");
    assertThat(doc.sections()).containsExactly(new Section(List.of(), 0, 0, doc.text().length()));
  }

  @Test
  void pdfHasOneSectionPerPageWithPageNumbersAndTheMetadataTitle() throws Exception {
    Path file =
        Fixtures.pdf(
            dir.resolve("report.pdf"),
            "Quarterly Report",
            List.of(
                List.of("Alpha page one.", "Second paragraph of page one."),
                List.of("Bravo page two."),
                List.of("Charlie page three.")));
    ParsedDocument doc = parser.parse(file);
    assertWellFormed(doc);
    assertThat(doc.title()).isEqualTo("Quarterly Report");
    assertThat(doc.sections()).extracting(Section::page).containsExactly(1, 2, 3);
    assertThat(sectionTexts(doc))
        .containsExactly(
            "Alpha page one.\n\nSecond paragraph of page one.",
            "Bravo page two.",
            "Charlie page three.");
    assertThat(headingPaths(doc)).allSatisfy(path -> assertThat(path).isEmpty());
  }

  @Test
  void pdfWithoutTextIsAnEmptyDocumentNotAnError() throws Exception {
    Path file = Fixtures.pdf(dir.resolve("blank.pdf"), null, List.of(List.of(), List.of()));
    ParsedDocument doc = parser.parse(file);
    assertThat(doc.text()).isEmpty();
    assertThat(doc.sections()).isEmpty();
    assertThat(doc.title()).isEqualTo("blank");
  }

  @Test
  void docxHeadingStylesBecomeHeadingPathsAndTableRowsBecomeParagraphs() throws Exception {
    Path file =
        Fixtures.docx(
            dir.resolve("guide.docx"),
            null,
            "# Introduction",
            "Why this guide exists.",
            "## Scope",
            "What it covers.",
            "| Name | Value",
            "# Methods",
            "How we   did it.");
    ParsedDocument doc = parser.parse(file);
    assertWellFormed(doc);
    assertThat(doc.title()).isEqualTo("Introduction");
    assertThat(headingPaths(doc))
        .containsExactly(
            List.of("Introduction"), List.of("Introduction", "Scope"), List.of("Methods"));
    assertThat(sectionTexts(doc))
        .containsExactly(
            "Why this guide exists.", "What it covers.\n\nName Value", "How we did it.");
    assertThat(doc.sections()).extracting(Section::page).containsOnly(0);
    assertThat(doc.text()).startsWith("Introduction\n\nWhy this guide exists.\n\nScope\n\n");
  }

  @Test
  void docxCorePropertiesTitleWinsOverTheFirstHeading() throws Exception {
    Path file = Fixtures.docx(dir.resolve("t.docx"), "Core Title", "# Heading", "Body.");
    assertThat(parser.parse(file).title()).isEqualTo("Core Title");
  }

  @Test
  void htmlHeadingsNestAndBoilerplateIsDropped() throws Exception {
    Path file =
        write(
            "page.html",
            """
        <html><head><title> Page Title </title><style>p { color: red }</style>
        <script>var secret = "script text";</script></head>
        <body><nav><a href="/">Home</a> <a href="/x">Menu item</a></nav>
        <h1>Top</h1><p>Para <b>bold</b>
           text.</p>
        <h2>Sub</h2><ul><li>one</li><li>two</li></ul>
        <div>div text<br>after break</div>
        <table><tr><td>a</td><td>b</td></tr></table>
        <h1>Next</h1><section><p>Last.</p></section>
        <footer>Copyright footer</footer></body></html>
        """);
    ParsedDocument doc = parser.parse(file);
    assertWellFormed(doc);
    assertThat(doc.title()).isEqualTo("Page Title");
    assertThat(headingPaths(doc))
        .containsExactly(List.of("Top"), List.of("Top", "Sub"), List.of("Next"));
    assertThat(sectionTexts(doc))
        .containsExactly("Para bold text.", "one\n\ntwo\n\ndiv text after break\n\na b", "Last.");
    assertThat(doc.text()).doesNotContain("secret", "color", "Menu item", "Copyright");
  }

  @Test
  void restructuredTextTitlesBecomeHeadingsByAdornmentStyle() throws Exception {
    Path file =
        write(
            "manual.rst",
            """
        =======
        Manual
        =======

        Intro text.

        Install
        -------
        Run the installer.

        Usage
        -----

        Call it.
        """);
    ParsedDocument doc = parser.parse(file);
    assertWellFormed(doc);
    assertThat(doc.title()).isEqualTo("Manual");
    assertThat(headingPaths(doc))
        .containsExactly(
            List.of("Manual"), List.of("Manual", "Install"), List.of("Manual", "Usage"));
    assertThat(sectionTexts(doc)).containsExactly("Intro text.", "Run the installer.", "Call it.");
  }

  @Test
  void aFileWithoutExtensionIsDetectedAsText() throws Exception {
    Path file = write("NOTES", "Remember the milk.\n\nAnd the eggs.");
    ParsedDocument doc = parser.parse(file);
    assertThat(doc.text()).isEqualTo("Remember the milk.\n\nAnd the eggs.");
    assertThat(doc.title()).isEqualTo("NOTES");
  }

  @Test
  void latin1AndUtf16TextAreDecoded() throws Exception {
    String words = "Le café crème et la crêpe brûlée sont très appréciés à Besançon, déjà en été.";
    Path latin1 = dir.resolve("latin1.txt");
    Files.write(latin1, words.getBytes(StandardCharsets.ISO_8859_1));
    assertThat(parser.parse(latin1).text()).isEqualTo(words);
    Path utf16 = dir.resolve("utf16.txt");
    Files.write(utf16, ("\uFEFF" + words).getBytes(StandardCharsets.UTF_16LE));
    assertThat(parser.parse(utf16).text()).isEqualTo(words);
  }

  @Test
  void anEmptyFileIsAnEmptyDocument() throws Exception {
    ParsedDocument doc = parser.parse(write("empty.md", ""));
    assertThat(doc.text()).isEmpty();
    assertThat(doc.sections()).isEmpty();
    assertThat(doc.title()).isEqualTo("empty");
  }

  private Path write(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content);
  }
}
