package dev.grounded.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grounded.core.Hit;
import dev.grounded.index.DocumentRecord;
import dev.grounded.index.LuceneSearcher;
import dev.grounded.index.SearchQuery;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills an ingesting child JVM with SIGKILL mid-run, then checks the index and finishes the ingest.
 */
class CrashRecoveryTest {
  private static final int FILES = 80;

  @TempDir Path tmp;

  @Test
  void killDashNineMidIngestLeavesWholeDocumentsAndARerunCompletesEachFileOnce() throws Exception {
    Path docs = tmp.resolve("docs");
    for (int i = 0; i < FILES; i++)
      Fixtures.write(
          docs.resolve(String.format("f%03d.md", i)), Fixtures.markdown("doc" + i, 1 + i % 4));
    Path data = tmp.resolve("data");

    int commitsSeen = runAndKillAfterCommits(data, docs, 3);
    assertThat(commitsSeen)
        .as("the child committed before it was killed")
        .isGreaterThanOrEqualTo(3);

    try (LuceneSearcher s = LuceneSearcher.open(data.resolve("index/c"))) {
      List<DocumentRecord> records = s.documents();
      assertThat(records)
          .as("killed mid-run: some but not all files are in")
          .isNotEmpty()
          .hasSizeLessThan(FILES);
      assertWholeDocuments(s, records);
    }

    try (KnowledgeBase kb = Fixtures.knowledgeBase(data)) {
      IngestSummary rerun = kb.ingestPaths("c", List.of(docs), false, IngestListener.NONE);
      assertThat(rerun.failed()).isZero();
      assertThat(rerun.documents()).isEqualTo(FILES);
      assertThat(rerun.skipped()).as("committed files are not redone").isPositive();
      try (LuceneSearcher s = kb.searcher("c")) {
        List<DocumentRecord> records = s.documents();
        assertThat(records).hasSize(FILES);
        assertThat(records.stream().map(DocumentRecord::source).distinct().count())
            .isEqualTo(FILES);
        assertWholeDocuments(s, records);
        assertThat(s.chunkCount())
            .isEqualTo(records.stream().mapToInt(DocumentRecord::chunks).sum());
      }
    }
  }

  private static int runAndKillAfterCommits(Path data, Path docs, int commits) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child =
        new ProcessBuilder(
                java,
                "--add-modules",
                "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                CrashIngestMain.class.getName(),
                data.toString(),
                docs.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    int seen = 0;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        if (line.startsWith("COMMITTED")) seen++;
        if (seen == commits) break;
      }
    } finally {
      child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no close, no rollback
      child.waitFor(30, TimeUnit.SECONDS);
    }
    return seen;
  }

  /**
   * Every stored document has exactly the chunks its record says, ordinals 0..n-1, each findable.
   */
  private static void assertWholeDocuments(LuceneSearcher s, List<DocumentRecord> records) {
    Map<String, Set<Integer>> ordinals = new HashMap<>();
    List<Hit> all =
        s.bm25().retrieve(SearchQuery.lexical("ledger team release record notes", 100_000));
    for (Hit h : all)
      ordinals
          .computeIfAbsent(h.chunk().documentId(), k -> new HashSet<>())
          .add(h.chunk().ordinal());
    List<String> broken = new ArrayList<>();
    for (DocumentRecord r : records) {
      Set<Integer> found = ordinals.getOrDefault(r.documentId(), Set.of());
      Set<Integer> expected = new HashSet<>();
      for (int i = 0; i < r.chunks(); i++) expected.add(i);
      if (!found.equals(expected))
        broken.add(r.source() + " has chunks " + found + ", record says " + r.chunks());
    }
    assertThat(broken).isEmpty();
    assertThat(ordinals.keySet())
        .as("no chunks without a document record")
        .isSubsetOf(records.stream().map(DocumentRecord::documentId).toList());
  }
}
