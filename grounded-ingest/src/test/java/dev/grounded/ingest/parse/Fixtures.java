package dev.grounded.ingest.parse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFStyles;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTString;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTStyle;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STStyleType;

/** Writes small PDF and DOCX files for tests, so no binary fixtures need to be committed. */
public final class Fixtures {
  private Fixtures() {}

  /**
   * A PDF with one page per entry; each entry's paragraphs are separated by a gap wider than a
   * line.
   */
  public static Path pdf(Path file, String title, List<List<String>> pages) throws IOException {
    try (PDDocument doc = pdfDocument(title, pages)) {
      doc.save(file.toFile());
    }
    return file;
  }

  /** A PDF that needs a user password to open. */
  public static Path encryptedPdf(Path file) throws IOException {
    try (PDDocument doc = pdfDocument(null, List.of(List.of("Secret text.")))) {
      StandardProtectionPolicy policy =
          new StandardProtectionPolicy("owner-pw", "user-pw", new AccessPermission());
      policy.setEncryptionKeyLength(128);
      doc.protect(policy);
      doc.save(file.toFile());
    }
    return file;
  }

  private static PDDocument pdfDocument(String title, List<List<String>> pages) throws IOException {
    PDDocument doc = new PDDocument();
    PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    for (List<String> paragraphs : pages) {
      PDPage page = new PDPage();
      doc.addPage(page);
      try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
        content.beginText();
        content.setFont(font, 12);
        content.newLineAtOffset(72, 700);
        for (String paragraph : paragraphs) {
          content.showText(paragraph);
          content.newLineAtOffset(0, -40);
        }
        content.endText();
      }
    }
    if (title != null) doc.getDocumentInformation().setTitle(title);
    return doc;
  }

  /**
   * A DOCX from lines: {@code "# text"} is a Heading1 paragraph, {@code "## text"} Heading2, {@code
   * "| a | b"} a table row, anything else a body paragraph. Heading styles are defined in the
   * styles part, as Word does, since Tika maps paragraphs to {@code h1..h6} by the style's name
   * ("heading 1").
   */
  public static Path docx(Path file, String coreTitle, String... lines) throws IOException {
    try (XWPFDocument doc = new XWPFDocument()) {
      XWPFStyles styles = doc.createStyles();
      for (int level = 1; level <= 2; level++) styles.addStyle(headingStyle(level));
      for (String line : lines) {
        if (line.startsWith("| ")) {
          List<String> cells =
              Arrays.stream(line.substring(2).split("\\|")).map(String::strip).toList();
          XWPFTable table = doc.createTable(1, cells.size());
          for (int i = 0; i < cells.size(); i++) table.getRow(0).getCell(i).setText(cells.get(i));
          continue;
        }
        XWPFParagraph paragraph = doc.createParagraph();
        String text = line;
        if (line.startsWith("## ")) {
          paragraph.setStyle("Heading2");
          text = line.substring(3);
        } else if (line.startsWith("# ")) {
          paragraph.setStyle("Heading1");
          text = line.substring(2);
        }
        paragraph.createRun().setText(text);
      }
      if (coreTitle != null) doc.getProperties().getCoreProperties().setTitle(coreTitle);
      try (OutputStream out = Files.newOutputStream(file)) {
        doc.write(out);
      }
    }
    return file;
  }

  private static XWPFStyle headingStyle(int level) {
    CTStyle style = CTStyle.Factory.newInstance();
    style.setStyleId("Heading" + level);
    CTString name = CTString.Factory.newInstance();
    name.setVal("heading " + level);
    style.setName(name);
    style.setType(STStyleType.PARAGRAPH);
    return new XWPFStyle(style);
  }
}
