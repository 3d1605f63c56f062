package dev.grounded.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grounded.ingest.parse.ZipBombs;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Uploads over the parse limits (the server's defaults) are refused at once, OpenAI-shaped, and the
 * collection is left as it was.
 */
class UploadLimitsTest {
  static TestServer server;
  static Path scratch;

  @BeforeAll
  static void start() {
    scratch = TestServer.temp("grounded-limits-files");
    server = new TestServer(TestServer.temp("grounded-limits"));
    server.seed(null, "docs", "tides.txt", "The tide turns twice a day.");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aDocxThatInflatesToAGigabyteIsA422AndChangesNothing() throws Exception {
    byte[] bomb = Files.readAllBytes(ZipBombs.docx(scratch.resolve("bomb.docx"), 1L << 30));
    assertThat(bomb.length).isLessThan(4 << 20);
    TestServer.Reply r = server.upload("docs", null, "bomb.docx", bomb, "wait", "true");
    assertThat(r.status()).as(r.body()).isEqualTo(422);
    JsonNode error = r.error();
    assertThat(error.get("code").asText()).isEqualTo("unparseable_document");
    assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.get("param").asText()).isEqualTo("file");
    assertThat(error.get("message").asText())
        .startsWith("bomb.docx: zip bomb: entry word/document.xml inflates ")
        .endsWith("(ingest.zip_min_inflate_ratio)");
    assertUnchanged();
  }

  @Test
  void aPdfOfMorePagesThanTheLimitIsA413AndChangesNothing() throws Exception {
    ByteArrayOutputStream pdf = new ByteArrayOutputStream();
    try (PDDocument doc = new PDDocument()) {
      for (int i = 0; i < 5_001; i++) doc.addPage(new PDPage());
      doc.save(pdf);
    }
    TestServer.Reply r = server.upload("docs", null, "long.pdf", pdf.toByteArray(), "wait", "true");
    assertThat(r.status()).as(r.body()).isEqualTo(413);
    assertThat(r.error().get("code").asText()).isEqualTo("payload_too_large");
    assertThat(r.error().get("message").asText())
        .isEqualTo(
            "long.pdf: the document has 5001 pages, more than the limit of 5000"
                + " (ingest.max_pages)");
    assertUnchanged();
  }

  private static void assertUnchanged() {
    JsonNode docs = server.get("/api/collections/docs/documents", null).json();
    assertThat(docs.get("data").findValuesAsText("id")).isEqualTo(List.of("tides.txt"));
  }
}
