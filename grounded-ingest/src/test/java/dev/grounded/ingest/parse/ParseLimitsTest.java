package dev.grounded.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ParseLimitsTest {
  @TempDir Path dir;

  @Test
  @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aDocxWhoseDocumentXmlInflatesToAGigabyteIsRefusedAsABombAtTheDefaultLimits()
      throws Exception {
    Path bomb = ZipBombs.docx(dir.resolve("bomb.docx"), 1L << 30);
    assertThat(Files.size(bomb)).isLessThan(4L << 20);
    GroundedException e = failure(new TikaParser(), bomb);
    assertThat(e.code()).isEqualTo(ErrorCode.UNPARSEABLE_DOCUMENT);
    assertThat(e.getMessage())
        .startsWith(bomb + ": zip bomb: entry word/document.xml inflates ")
        .endsWith("(ingest.zip_min_inflate_ratio)");
  }

  @Test
  void aZipEntryLargerThanTheLimitIsTooLargeEvenAtAnAllowedRatio() throws Exception {
    Path big = ZipBombs.docx(dir.resolve("big.docx"), 4L << 20);
    ParseLimits limits =
        ParseLimits.DEFAULTS.withZipMinInflateRatio(0).withZipMaxEntryBytes(1L << 20);
    GroundedException e = failure(new TikaParser(limits), big);
    assertThat(e.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
    assertThat(e.getMessage())
        .isEqualTo(
            big
                + ": zip entry word/document.xml inflates to more than the limit of 1048576 bytes"
                + " (ingest.zip_max_entry_bytes)");
  }

  @Test
  void aRealDocxOfManyParagraphsStillParsesAtTheDefaultLimits() throws Exception {
    String[] lines = new String[3_000];
    for (int i = 0; i < lines.length; i++)
      lines[i] = i % 100 == 0 ? "# Chapter " + i : "Paragraph " + i + " says " + (i * 7919L) + ".";
    Path docx = Fixtures.docx(dir.resolve("manual.docx"), null, lines);
    ParsedDocument doc = new TikaParser().parse(docx);
    assertThat(doc.text()).contains("Paragraph 2999 says");
  }

  @Test
  void aPdfDeclaringMorePagesThanTheLimitIsRefusedBeforeItsPagesAreRead() throws Exception {
    Path pdf = dir.resolve("long.pdf");
    try (PDDocument doc = new PDDocument()) {
      for (int i = 0; i < 50; i++) doc.addPage(new PDPage());
      doc.save(pdf.toFile());
    }
    GroundedException e = failure(new TikaParser(ParseLimits.DEFAULTS.withMaxPages(10)), pdf);
    assertThat(e.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
    // the count declared in the page tree, not the 11th page met while reading
    assertThat(e.getMessage())
        .isEqualTo(
            pdf + ": the document has 50 pages, more than the limit of 10 (ingest.max_pages)");
    assertThat(new TikaParser(ParseLimits.DEFAULTS.withMaxPages(50)).parse(pdf).text()).isEmpty();
  }

  @Test
  void aDocxWhosePropertiesClaimManyPagesIsNotRefusedForThem() throws Exception {
    // docProps/app.xml holds the page count Word last computed: a statistic, not the structure
    Path file = dir.resolve("stale.docx");
    try (XWPFDocument doc = new XWPFDocument()) {
      doc.createParagraph().createRun().setText("Hello pages.");
      doc.getProperties().getExtendedProperties().getUnderlyingProperties().setPages(9_999);
      try (OutputStream out = Files.newOutputStream(file)) {
        doc.write(out);
      }
    }
    assertThat(new TikaParser(ParseLimits.DEFAULTS.withMaxPages(10)).parse(file).text())
        .isEqualTo("Hello pages.");
  }

  @Test
  void markdownAndTextOverTheCharacterLimitAreTooLarge() throws Exception {
    TikaParser parser = new TikaParser(ParseLimits.DEFAULTS.withMaxChars(1_000));
    Path md = Files.writeString(dir.resolve("big.md"), "# Title\n\n" + "word ".repeat(300));
    Path txt = Files.writeString(dir.resolve("big.txt"), "word ".repeat(300));
    for (Path file : List.of(md, txt)) {
      GroundedException e = failure(parser, file);
      assertThat(e.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
      assertThat(e.getMessage())
          .isEqualTo(
              file
                  + ": the extracted text exceeds the limit of 1000 characters (ingest.max_chars)");
    }
  }

  @Test
  void aParseThatOutlivesItsTimeoutIsStoppedInEveryReader() throws Exception {
    TikaParser parser = new TikaParser(ParseLimits.DEFAULTS.withParseTimeout(Duration.ofNanos(1)));
    List<Path> files = new ArrayList<>();
    files.add(Files.writeString(dir.resolve("a.md"), "# Title\n\nSome text."));
    files.add(Files.writeString(dir.resolve("a.rst"), "Title\n=====\n\nSome text."));
    files.add(Files.writeString(dir.resolve("a.html"), "<h1>Title</h1><p>Some text.</p>"));
    files.add(Fixtures.pdf(dir.resolve("a.pdf"), null, List.of(List.of("Some text."))));
    files.add(Fixtures.docx(dir.resolve("a.docx"), null, "# Title", "Some text."));
    for (Path file : files) {
      GroundedException e = failure(parser, file);
      assertThat(e.code()).as(file.toString()).isEqualTo(ErrorCode.UNPARSEABLE_DOCUMENT);
      assertThat(e.getMessage())
          .isEqualTo(file + ": parsing took longer than the limit of 0 ms (ingest.parse_timeout)");
    }
  }

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aMarkdownHeadingOfManyBlanksParsesInLinearTime() throws Exception {
    // the heading patterns used to backtrack quadratically: 40,000 blanks took 40 s
    String blanks = " ".repeat(200_000);
    Path md =
        Files.writeString(
            dir.resolve("blanks.md"),
            "---\ntitle: a" + blanks + "b\n---\n# a" + blanks + "b" + blanks + "\n\n# x ##\n");
    ParsedDocument doc = new TikaParser().parse(md);
    assertThat(doc.title()).isEqualTo("a" + blanks + "b");
    assertThat(doc.text()).startsWith("a" + blanks + "b\n\nx");
  }

  @Test
  void limitsAreValidatedNamingTheirSettings() {
    assertThatThrownBy(() -> ParseLimits.DEFAULTS.withMaxPages(0))
        .hasMessageContaining("ingest.max_pages");
    assertThatThrownBy(() -> ParseLimits.DEFAULTS.withParseTimeout(Duration.ZERO))
        .hasMessageContaining("ingest.parse_timeout");
    assertThatThrownBy(() -> ParseLimits.DEFAULTS.withZipMinInflateRatio(1.5))
        .hasMessageContaining("ingest.zip_min_inflate_ratio");
  }

  private static GroundedException failure(Parser parser, Path file) {
    GroundedException e = catchThrowableOfType(GroundedException.class, () -> parser.parse(file));
    assertThat(e).as("parsing %s fails", file).isNotNull();
    return e;
  }
}
