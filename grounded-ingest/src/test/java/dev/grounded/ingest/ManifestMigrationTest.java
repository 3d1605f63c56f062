package dev.grounded.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestMigrationTest {
  @TempDir Path tmp;

  /** The schema and a row exactly as the previous version wrote them. */
  private void writePreviousVersion(Path db) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE collections (name TEXT PRIMARY KEY, created_at INTEGER NOT NULL)");
      s.execute(
          """
          CREATE TABLE documents (
            collection TEXT NOT NULL, doc_id TEXT NOT NULL, source TEXT NOT NULL, hash TEXT NOT NULL,
            version INTEGER NOT NULL, chunks INTEGER NOT NULL, ingested_at INTEGER NOT NULL,
            PRIMARY KEY (collection, doc_id))""");
      s.execute("INSERT INTO collections VALUES ('c', 1)");
      s.execute("INSERT INTO documents VALUES ('c', 'd1', '/a.md', 'h1', 3, 7, 42)");
    }
  }

  @Test
  void aManifestOfThePreviousVersionOpensAndReadsOldRowsWithoutTitleOrMetadata() throws Exception {
    Path db = tmp.resolve("grounded.db");
    writePreviousVersion(db);
    try (Manifest m = Manifest.open(db)) {
      assertThat(m.collections()).containsExactly("c");
      assertThat(m.entry("c", "d1"))
          .hasValue(new ManifestEntry("d1", "/a.md", "", "h1", 3, 7, 42, Map.of()));
      m.apply(
          "c",
          List.of(new ManifestEntry("d2", "/b.md", "B", "h2", 1, 2, 43, Map.of("format", "md"))),
          List.of());
    }
    try (Manifest reopened = Manifest.open(db)) {
      assertThat(reopened.entries("c")).containsOnlyKeys("d1", "d2");
      assertThat(reopened.entry("c", "d2").orElseThrow().metadata())
          .containsExactlyEntriesOf(Map.of("format", "md"));
      assertThat(reopened.entry("c", "d2").orElseThrow().title()).isEqualTo("B");
    }
  }

  @Test
  void anOldDataDirectoryGetsTitlesAndMetadataBackFromTheIndexAtTheNextIngest() throws Exception {
    Path docs = tmp.resolve("docs");
    Fixtures.write(docs.resolve("a.md"), Fixtures.markdown("alpha", 1));
    Path data = tmp.resolve("data");
    try (KnowledgeBase kb = Fixtures.knowledgeBase(data)) {
      kb.ingestPaths("c", List.of(docs), false, IngestListener.NONE);
    }
    // as if an older version had written the manifest: no title, no metadata columns
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("grounded.db"));
        Statement s = c.createStatement()) {
      s.execute("ALTER TABLE documents DROP COLUMN title");
      s.execute("ALTER TABLE documents DROP COLUMN metadata");
    }
    try (KnowledgeBase kb = Fixtures.knowledgeBase(data)) {
      ManifestEntry old = kb.documents("c", null, 10).getFirst();
      assertThat(old.title()).isEmpty();
      assertThat(old.metadata()).isEmpty();
      IngestSummary again = kb.ingestPaths("c", List.of(docs), false, IngestListener.NONE);
      assertThat(again.skipped())
          .as("the index already had them: nothing re-embedded")
          .isEqualTo(1);
      ManifestEntry filled = kb.document("c", old.documentId()).orElseThrow();
      assertThat(filled.title()).isEqualTo("Notes on alpha");
      assertThat(filled.metadata()).containsEntry("format", "md").containsEntry("filename", "a.md");
      assertThat(filled.ingestedAtMillis()).isEqualTo(old.ingestedAtMillis());
    }
  }
}
