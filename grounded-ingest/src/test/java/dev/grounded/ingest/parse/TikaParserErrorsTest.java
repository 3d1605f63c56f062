package dev.grounded.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TikaParserErrorsTest {
  private final TikaParser parser = new TikaParser();
  @TempDir Path dir;

  @Test
  void aMissingFileIsAnInvalidRequestNamingThePath() {
    Path missing = dir.resolve("nope.pdf");
    GroundedException e = failure(parser, missing);
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThat(e.getMessage()).contains(missing.toString());
    assertThat(e.param()).contains("path");
  }

  @Test
  void aDirectoryIsAnInvalidRequest() {
    assertThat(failure(parser, dir).code()).isEqualTo(ErrorCode.INVALID_REQUEST);
  }

  @Test
  void aPdfOfGarbageBytesIsUnparseable() throws Exception {
    Path file = dir.resolve("garbage.pdf");
    Files.write(file, randomBytes(5000));
    GroundedException e = failure(parser, file);
    assertThat(e.code()).isEqualTo(ErrorCode.UNPARSEABLE_DOCUMENT);
    assertThat(e.getMessage()).startsWith(file + ": cannot parse: ");
    assertThat(e.getCause()).isNotNull();
  }

  @Test
  void aTruncatedDocxIsUnparseable() throws Exception {
    Path whole = Fixtures.docx(dir.resolve("whole.docx"), null, "# Title", "Some body text.");
    byte[] bytes = Files.readAllBytes(whole);
    Path file = Files.write(dir.resolve("truncated.docx"), Arrays.copyOf(bytes, bytes.length / 2));
    GroundedException e = failure(parser, file);
    assertThat(e.code()).isEqualTo(ErrorCode.UNPARSEABLE_DOCUMENT);
    assertThat(e.getMessage()).startsWith(file + ": cannot parse: ");
  }

  @Test
  void anEncryptedPdfIsUnparseableAndSaysSo() throws Exception {
    Path file = Fixtures.encryptedPdf(dir.resolve("secret.pdf"));
    GroundedException e = failure(parser, file);
    assertThat(e.code()).isEqualTo(ErrorCode.UNPARSEABLE_DOCUMENT);
    assertThat(e.getMessage()).isEqualTo(file + ": cannot parse: the document is encrypted");
  }

  @Test
  void binaryContentWithAnUnknownExtensionIsUnsupported() throws Exception {
    Path file = Files.write(dir.resolve("blob.bin"), randomBytes(4096));
    GroundedException e = failure(parser, file);
    assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_MEDIA_TYPE);
    assertThat(e.getMessage()).isEqualTo(file + ": unsupported file type application/octet-stream");
  }

  @Test
  void anImageIsUnsupportedWithItsDetectedType() throws Exception {
    byte[] png = {
      (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'
    };
    Path file = Files.write(dir.resolve("picture.dat"), png);
    GroundedException e = failure(parser, file);
    assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_MEDIA_TYPE);
    assertThat(e.getMessage()).contains(file.toString(), "image/png");
  }

  @Test
  void textBeyondTheLimitIsRefusedWithTheLimitInTheMessage() throws Exception {
    TikaParser small = new TikaParser(ParseLimits.DEFAULTS.withMaxChars(100));
    Path text = Files.writeString(dir.resolve("big.txt"), "word ".repeat(50));
    Path html = Files.writeString(dir.resolve("big.html"), "<p>" + "word ".repeat(50) + "</p>");
    Path pdf =
        Fixtures.pdf(
            dir.resolve("big.pdf"), null, List.of(List.of("word ".repeat(30)), List.of("more")));
    for (Path file : List.of(text, html, pdf)) {
      GroundedException e = failure(small, file);
      assertThat(e.code()).as(file.toString()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
      assertThat(e.getMessage())
          .isEqualTo(
              file + ": the extracted text exceeds the limit of 100 characters (ingest.max_chars)");
    }
  }

  @Test
  void aTextFileWithNulBytesIsUnparseable() throws Exception {
    Path file = Files.write(dir.resolve("weird.txt"), new byte[] {'a', 0, 'b', 0, 0, 0, 'c'});
    assertThat(failure(parser, file).code()).isEqualTo(ErrorCode.UNPARSEABLE_DOCUMENT);
  }

  private static GroundedException failure(Parser parser, Path file) {
    GroundedException e = catchThrowableOfType(GroundedException.class, () -> parser.parse(file));
    assertThat(e).as("parsing %s fails", file).isNotNull();
    return e;
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new Random(42).nextBytes(bytes);
    bytes[0] = 0;
    return bytes;
  }
}
