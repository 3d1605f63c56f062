package dev.grounded.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.ingest.parse.ParsedDocument;
import dev.grounded.ingest.parse.TikaParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadSourceTest {
  @TempDir Path tmp;

  private UploadSource upload(String id, String name, Path file, Map<String, String> metadata) {
    return new UploadSource(id, name, file, metadata, new TikaParser(), "salt");
  }

  @Test
  void documentIdsMustHaveOneTo256CharactersNoControlCharactersAndNoDotSegments() {
    Path f = Fixtures.write(tmp.resolve("x.txt"), "text");
    assertThat(upload("a".repeat(256), "x.txt", f, Map.of()).documentId()).hasSize(256);
    assertThat(upload("spaces and ünïcode/ok", "x.txt", f, Map.of()).documentId()).isNotEmpty();
    assertThat(upload("v1.2..final", "x.txt", f, Map.of()).documentId()).isEqualTo("v1.2..final");
    for (String bad :
        new String[] {
          "",
          "a".repeat(257),
          "tab\there",
          "new\nline",
          "nul\0",
          "\u007f",
          ".",
          "..",
          "a/../b",
          "./a",
          "a/..",
          "..\\x"
        }) {
      assertThatThrownBy(() -> upload(bad, "x.txt", f, Map.of()))
          .isInstanceOfSatisfying(
              GroundedException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                assertThat(e.param()).contains("document_id");
              });
    }
    assertThatThrownBy(() -> upload("id", "", f, Map.of())).isInstanceOf(GroundedException.class);
    assertThatThrownBy(() -> upload("id", "x.txt", f, Map.of("bad key", "v")))
        .isInstanceOfSatisfying(
            GroundedException.class, e -> assertThat(e.param()).contains("metadata"));
  }

  @Test
  void theContentHashIsOfTheBytesAndTheSettingsSalt() throws Exception {
    Path f = Fixtures.write(tmp.resolve("upload-1.txt"), "same bytes");
    Path g = Fixtures.write(tmp.resolve("upload-2.txt"), "same bytes");
    String expected = Hashing.sha256(Hashing.sha256(f) + "\nsalt");
    assertThat(upload("a", "a.txt", f, Map.of()).contentHash()).isEqualTo(expected);
    assertThat(upload("b", "b.txt", g, Map.of("k", "v")).contentHash()).isEqualTo(expected);
    assertThat(new UploadSource("a", "a.txt", f, Map.of(), new TikaParser(), "other").contentHash())
        .isNotEqualTo(expected);
  }

  @Test
  void parsedUploadsNameTheClientsFileNotTheTemporaryOne() throws Exception {
    Path dir = Files.createTempDirectory(tmp, "upload-");
    Path temp = Fixtures.write(dir.resolve("upload-8731.txt"), "Plain words only.");
    ParsedDocument doc = upload("id", "Quarterly Report.txt", temp, Map.of()).parse();
    assertThat(doc.source()).isEqualTo("Quarterly Report.txt");
    assertThat(doc.title()).isEqualTo("Quarterly Report");

    Path broken = Fixtures.write(dir.resolve("upload-99.pdf"), "not a pdf");
    assertThatThrownBy(() -> upload("id", "scan.pdf", broken, Map.of()).parse())
        .isInstanceOfSatisfying(
            GroundedException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNPARSEABLE_DOCUMENT))
        .hasMessageContaining("scan.pdf")
        .hasMessageNotContaining("upload-99");
  }

  @Test
  void anIngestedUploadKeepsItsIdSourceAndMetadata() {
    Path temp = Fixtures.write(tmp.resolve("t/Handbook.md"), Fixtures.markdown("handbook", 2));
    UploadSource up = upload("hr/handbook", "Handbook.md", temp, Map.of("team", "hr"));
    try (KnowledgeBase kb = Fixtures.knowledgeBase(tmp.resolve("data"))) {
      kb.ingest("acme~docs", List.of(up), false, IngestListener.NONE);
      ManifestEntry e = kb.document("acme~docs", "hr/handbook").orElseThrow();
      assertThat(e.source()).isEqualTo("Handbook.md");
      assertThat(e.title()).isEqualTo("Notes on handbook");
      assertThat(e.metadata())
          .isEqualTo(Map.of("team", "hr", "filename", "Handbook.md", "format", "md"));
    }
  }
}
