package dev.grounded.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Uploads, limits, bad files, paging, deletes and concurrent writes through the knowledge API. */
class DocumentsApiTest {
  static final long LIMIT = 64 * 1024;
  static Path roots;
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    roots = TestServer.temp("grounded-roots");
    Files.writeString(
        roots.resolve("notes.md"), "# Notes\n\nThe lighthouse keeper feeds the cat at dawn.\n");
    ServerConfig config =
        ServerConfig.loopback().withMaxUploadBytes(LIMIT).withIngestRoots(List.of(roots));
    server = new TestServer(TestServer.temp("grounded-docs"), config, null);
    server.seed(
        null, "docs", "tides.txt", "The tide turns twice a day. Spring tides follow the new moon.");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void anUploadWithWaitReturnsTheFinishedJobAndTheDocumentIsListed() {
    TestServer.Reply r =
        server.upload(
            "docs",
            null,
            "owls.txt",
            "Barn owls hunt at night by sound alone.".getBytes(StandardCharsets.UTF_8),
            "metadata",
            "{\"team\":\"birds\",\"year\":2024}",
            "wait",
            "true");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(r.json().get("status").asText()).isEqualTo("succeeded");
    JsonNode doc = server.get("/api/collections/docs/documents/owls.txt", null).json();
    assertThat(doc.get("chunks").asInt()).isPositive();
    assertThat(doc.get("metadata").get("team").asText()).isEqualTo("birds");
    assertThat(doc.get("metadata").get("year").asText()).isEqualTo("2024");
    TestServer.Reply filtered =
        server.post(
            "/api/collections/docs/search",
            null,
            "{\"query\":\"night hunting\",\"filter\":{\"team\":\"birds\"}}");
    assertThat(filtered.json().get("data"))
        .allSatisfy(h -> assertThat(h.get("document_id").asText()).isEqualTo("owls.txt"));
    TestServer.Reply none =
        server.post(
            "/api/collections/docs/search",
            null,
            "{\"query\":\"night hunting\",\"filter\":{\"team\":\"fish\"}}");
    assertThat(none.json().get("data")).isEmpty();
  }

  @Test
  void tooLargeUploadsAre413AndStoreNothing() {
    byte[] big = new byte[(int) LIMIT + 1024];
    java.util.Arrays.fill(big, (byte) 'a');
    TestServer.Reply r = server.upload("docs", null, "big.txt", big);
    assertThat(r.status()).as(server.errorLog()).isEqualTo(413);
    assertThat(r.error().get("code").asText()).isEqualTo("payload_too_large");
    assertThat(server.get("/api/collections/docs/documents/big.txt", null).status()).isEqualTo(404);
    byte[] huge = new byte[(int) LIMIT + 200_000]; // over the multipart framing allowance too
    java.util.Arrays.fill(huge, (byte) 'b');
    assertThat(server.upload("docs", null, "huge.txt", huge).status()).isEqualTo(413);
  }

  @Test
  void anUploadJustUnderTheLimitIsAccepted() {
    byte[] text =
        ("Words of a large but acceptable file. ")
            .repeat((int) (LIMIT - 4096) / 38)
            .getBytes(StandardCharsets.UTF_8);
    assertThat(text.length).isLessThan((int) LIMIT);
    TestServer.Reply r = server.upload("docs", null, "large.txt", text, "wait", "true");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
  }

  @Test
  void unsupportedFilesAre415AndUnparseableOnesAre422WithNothingChanged() {
    int before = server.get("/api/collections/docs", null).json().get("documents").asInt();
    byte[] png = {
      (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'
    };
    TestServer.Reply image = server.upload("docs", null, "picture.png", png);
    assertThat(image.status()).as(image.body()).isEqualTo(415);
    TestServer.Reply pdf =
        server.upload(
            "docs",
            null,
            "broken.pdf",
            "%PDF-1.7\nthis is not a pdf".getBytes(StandardCharsets.UTF_8));
    assertThat(pdf.status()).as(pdf.body()).isEqualTo(422);
    assertThat(pdf.error().get("message").asText())
        .contains("broken.pdf")
        .doesNotContain("grounded-upload-");
    assertThat(server.get("/api/collections/docs", null).json().get("documents").asInt())
        .isEqualTo(before);
    assertThat(server.get("/api/collections/docs/documents/tides.txt", null).status())
        .isEqualTo(200);
  }

  @Test
  void aBadBodyOrMissingFileIsA400Or415() {
    assertThat(server.send("POST", "/api/collections/docs/documents", null, null).status())
        .isEqualTo(415);
    TestServer.Reply noFile = server.post("/api/collections/docs/documents", null, "{}");
    assertThat(noFile.status()).isEqualTo(400);
    assertThat(noFile.error().get("param").asText()).isEqualTo("path");
    TestServer.Reply badMeta =
        server.upload(
            "docs", null, "m.txt", "x y z".getBytes(StandardCharsets.UTF_8), "metadata", "[1,2]");
    assertThat(badMeta.status()).isEqualTo(400);
    assertThat(badMeta.error().get("param").asText()).isEqualTo("metadata");
  }

  @Test
  void concurrentUploadsOfTheSameDocumentLeaveOneVersionAndNoDuplicateChunks() {
    server.post("/api/collections", null, "{\"name\":\"race\"}");
    List<CompletableFuture<TestServer.Reply>> uploads = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String text = ("Version " + i + " of the race document. ").repeat(40 + i * 10);
      uploads.add(
          CompletableFuture.supplyAsync(
              () ->
                  server.upload(
                      "race",
                      null,
                      "same.txt",
                      text.getBytes(StandardCharsets.UTF_8),
                      "wait",
                      "true")));
    }
    Set<Integer> statuses = new HashSet<>();
    uploads.forEach(u -> statuses.add(u.join().status()));
    assertThat(statuses).containsOnly(201);
    JsonNode doc = server.get("/api/collections/race/documents/same.txt", null).json();
    JsonNode collection = server.get("/api/collections/race", null).json();
    assertThat(collection.get("documents").asInt()).isEqualTo(1);
    assertThat(collection.get("chunks").asInt()).isEqualTo(doc.get("chunks").asInt());
    TestServer.Reply hits =
        server.post(
            "/api/collections/race/search",
            null,
            "{\"query\":\"race document\",\"k\":100,\"mode\":\"bm25\"}");
    Set<String> versions = new HashSet<>();
    for (JsonNode h : hits.json().get("data"))
      versions.add(h.get("text").asText().replaceAll(".*Version (\\d+).*", "$1"));
    assertThat(versions).hasSize(1);
    assertThat(hits.json().get("data")).hasSize(doc.get("chunks").asInt());
  }

  @Test
  void documentsPageInIdOrderAndDeletingOneRemovesItsChunks() {
    server.post("/api/collections", null, "{\"name\":\"paged\"}");
    for (String name : List.of("a.txt", "b.txt", "c.txt"))
      server.upload(
          "paged",
          null,
          name,
          ("Paging text " + name + " with words.").getBytes(StandardCharsets.UTF_8),
          "wait",
          "true");
    JsonNode first = server.get("/api/collections/paged/documents?limit=2", null).json();
    assertThat(first.get("data"))
        .extracting(d -> d.get("id").asText())
        .containsExactly("a.txt", "b.txt");
    assertThat(first.get("has_more").asBoolean()).isTrue();
    JsonNode second =
        server.get("/api/collections/paged/documents?limit=2&after=b.txt", null).json();
    assertThat(second.get("data")).extracting(d -> d.get("id").asText()).containsExactly("c.txt");
    assertThat(second.get("has_more").asBoolean()).isFalse();
    assertThat(server.get("/api/collections/paged/documents?limit=0", null).status())
        .isEqualTo(400);

    assertThat(
            server
                .delete("/api/collections/paged/documents/b.txt", null)
                .json()
                .get("deleted")
                .asBoolean())
        .isTrue();
    assertThat(server.delete("/api/collections/paged/documents/b.txt", null).status())
        .isEqualTo(404);
    TestServer.Reply hits =
        server.post("/api/collections/paged/search", null, "{\"query\":\"paging text\",\"k\":10}");
    assertThat(hits.json().get("data"))
        .extracting(h -> h.get("document_id").asText())
        .doesNotContain("b.txt");
    assertThat(server.get("/api/collections/paged", null).json().get("documents").asInt())
        .isEqualTo(2);
  }

  @Test
  void serverSidePathsMustLieUnderAnIngestRoot() {
    TestServer.Reply outside =
        server.post("/api/collections/docs/documents", null, "{\"path\":\"/etc/hostname\"}");
    assertThat(outside.status()).isEqualTo(403);
    assertThat(outside.error().get("type").asText()).isEqualTo("permission_error");
    TestServer.Reply escape =
        server.post(
            "/api/collections/docs/documents",
            null,
            "{\"path\":\"" + roots.resolve("../../etc/hostname") + "\"}");
    assertThat(escape.status()).isIn(400, 403);
    TestServer.Reply inside =
        server.post(
            "/api/collections/docs/documents",
            null,
            "{\"path\":\"" + roots.resolve("notes.md") + "\",\"wait\":true}");
    assertThat(inside.status()).as(inside.body()).isEqualTo(201);
    TestServer.Reply ask =
        server.post(
            "/api/collections/docs/ask",
            null,
            "{\"question\":\"When does the lighthouse keeper feed the cat?\"}");
    assertThat(ask.json().get("answer").asText()).contains("dawn");
  }

  @Test
  void collectionsAreCreatedOnceAndDeletedWithEverything() {
    assertThat(server.post("/api/collections", null, "{\"name\":\"temp\"}").status())
        .isEqualTo(201);
    assertThat(server.post("/api/collections", null, "{\"name\":\"temp\"}").status())
        .isEqualTo(409);
    assertThat(
            server
                .post("/api/collections", null, "{\"name\":\"bad name!\"}")
                .error()
                .get("param")
                .asText())
        .isEqualTo("name");
    server.upload(
        "temp", null, "t.txt", "Temporary words.".getBytes(StandardCharsets.UTF_8), "wait", "true");
    assertThat(server.delete("/api/collections/temp", null).status()).isEqualTo(200);
    assertThat(server.get("/api/collections/temp", null).status()).isEqualTo(404);
    assertThat(server.post("/api/collections", null, "{\"name\":\"temp\"}").status())
        .isEqualTo(201);
    assertThat(server.get("/api/collections/temp", null).json().get("documents").asInt()).isZero();
  }
}
