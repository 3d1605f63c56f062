package dev.grounded.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Server-side paths stay inside the ingest roots, links included, and server paths are not shown to
 * clients; document ids cannot be path segments that clients normalise away.
 */
class IngestRootsTest {
  static Path root;
  static Path outside;
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    root = TestServer.temp("grounded-root");
    outside = TestServer.temp("grounded-outside");
    Files.writeString(
        outside.resolve("secret.txt"), "The vault combination is swordfish and nobody knows it.");
    Files.createDirectories(root.resolve("handbook"));
    Files.writeString(
        root.resolve("handbook/ferries.md"),
        "# Ferries\n\nThe ferry leaves the harbour at noon.\n");
    Files.createSymbolicLink(root.resolve("handbook/linked.txt"), outside.resolve("secret.txt"));
    Files.createSymbolicLink(root.resolve("escape"), outside);
    server =
        new TestServer(
            TestServer.temp("grounded-roots-data"),
            ServerConfig.loopback().withIngestRoots(List.of(root)),
            null);
    server.post("/api/collections", null, "{\"name\":\"docs\"}");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static TestServer.Reply ingest(Path path) {
    return server.post(
        "/api/collections/docs/documents", null, "{\"path\":\"" + path + "\",\"wait\":true}");
  }

  @Test
  void aLinkInsideARootToAFileOutsideFailsAloneAndIsNotSearchable() {
    TestServer.Reply job = ingest(root);
    assertThat(job.status()).as(job.body()).isEqualTo(201);
    JsonNode failures = job.json().get("failures");
    assertThat(failures).hasSize(1);
    assertThat(failures.get(0).get("source").asText()).isEqualTo("handbook/linked.txt");
    assertThat(failures.get(0).get("reason").asText())
        .contains("outside the server's ingest roots");
    assertThat(job.body()).doesNotContain(outside.toString());

    JsonNode hits =
        server
            .post("/api/collections/docs/search", null, "{\"query\":\"vault combination\"}")
            .json()
            .get("data");
    assertThat(hits.toString()).doesNotContain("swordfish");
    // the same file named directly is refused, as before
    assertThat(ingest(root.resolve("handbook/linked.txt")).status()).isEqualTo(403);
    assertThat(ingest(root.resolve("escape")).status()).isEqualTo(403);
  }

  @Test
  void documentsIngestedByServerPathAreNamedRelativeToTheirRoot() {
    assertThat(ingest(root.resolve("handbook/ferries.md")).status()).isEqualTo(201);
    JsonNode hit =
        server
            .post("/api/collections/docs/search", null, "{\"query\":\"ferry harbour noon\"}")
            .json()
            .get("data")
            .get(0);
    assertThat(hit.get("source").asText()).isEqualTo("handbook/ferries.md");
    JsonNode doc =
        server
            .get("/api/collections/docs/documents/" + hit.get("document_id").asText(), null)
            .json();
    assertThat(doc.get("source").asText()).isEqualTo("handbook/ferries.md");
    assertThat(doc.toString()).doesNotContain(root.toString());
  }

  @Test
  void theDataDirectoryItsDatabaseAndItsUploadFoldersAreTheOwnersOnly() throws Exception {
    byte[] text = "Private words about the harbour.".getBytes(StandardCharsets.UTF_8);
    assertThat(server.upload("docs", null, "p.txt", text, "wait", "true").status()).isEqualTo(201);
    assertThat(perms(server.data)).isEqualTo("rwx------");
    assertThat(perms(server.data.resolve("grounded.db"))).isEqualTo("rw-------");
    assertThat(perms(server.data.resolve("tmp"))).isEqualTo("rwx------");
    try (var all = Files.walk(server.data.resolve("index"))) {
      for (Path p : all.toList()) assertThat(perms(p)).as(p.toString()).matches("rw[x-]------");
    }
  }

  static String perms(Path p) throws Exception {
    return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void documentIdsThatAreDotSegmentsOrHoldSlashesAreRefused() {
    byte[] text = "Harmless words.".getBytes(StandardCharsets.UTF_8);
    for (String id : new String[] {".", "..", "a/b", "a\\b", "..\\x", "nl\nx"}) {
      TestServer.Reply r = server.upload("docs", null, "x.txt", text, "id", id, "wait", "true");
      assertThat(r.status()).as(id).isEqualTo(400);
      assertThat(r.error().get("param").asText()).as(id).isEqualTo("id");
    }
    assertThat(server.get("/api/collections/docs", null).status()).isEqualTo(200);
  }
}
