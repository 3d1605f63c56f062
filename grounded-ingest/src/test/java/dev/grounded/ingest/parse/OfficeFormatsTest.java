package dev.grounded.ingest.parse;

import static dev.grounded.ingest.parse.Documents.assertWellFormed;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFSlide;
import org.apache.poi.xslf.usermodel.XSLFTextBox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The older and less common office formats: legacy Word (.doc), RTF and PowerPoint (.pptx). */
class OfficeFormatsTest {
  private final TikaParser parser = new TikaParser();
  @TempDir Path dir;

  @Test
  void legacyWordDocumentsYieldTheirTextAndHeadings() throws Exception {
    Path file = dir.resolve("legacy.doc");
    try (InputStream in = getClass().getResourceAsStream("/fixtures/legacy.doc")) {
      Files.copy(in, file);
    }
    ParsedDocument doc = parser.parse(file);
    assertWellFormed(doc);
    assertThat(doc.text()).contains("The kiln archive keeps ninety boxes of ledgers.");
    assertThat(doc.sections()).anySatisfy(s -> assertThat(doc.text(s)).contains("kiln archive"));
  }

  @Test
  void rtfIsParsedAsRichTextNotAsItsControlWords() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("memo.rtf"),
            "{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}\\f0 {\\b Memo}\\par The ferry leaves at noon.\\par}");
    ParsedDocument doc = parser.parse(file);
    assertWellFormed(doc);
    assertThat(doc.text()).contains("The ferry leaves at noon.");
    assertThat(doc.text())
        .doesNotContain("\\rtf1")
        .doesNotContain("fonttbl")
        .doesNotContain("\\par");
  }

  @Test
  void rtfWithoutItsExtensionIsRecognizedByContent() throws Exception {
    Path file = Files.writeString(dir.resolve("memo"), "{\\rtf1\\ansi Owls hunt at night.\\par}");
    ParsedDocument doc = parser.parse(file);
    assertThat(doc.text()).contains("Owls hunt at night.").doesNotContain("\\rtf1");
  }

  @Test
  void powerPointSlidesYieldTheirText() throws Exception {
    Path file = dir.resolve("deck.pptx");
    try (XMLSlideShow show = new XMLSlideShow();
        OutputStream out = Files.newOutputStream(file)) {
      for (String line :
          new String[] {"Roadmap for the harbour project.", "Cranes arrive in May."}) {
        XSLFSlide slide = show.createSlide();
        XSLFTextBox box = slide.createTextBox();
        box.setText(line);
      }
      show.write(out);
    }
    ParsedDocument doc = parser.parse(file);
    assertWellFormed(doc);
    assertThat(doc.text())
        .contains("Roadmap for the harbour project.")
        .contains("Cranes arrive in May.");
  }
}
