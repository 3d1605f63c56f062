package dev.grounded.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.core.Hit;
import dev.grounded.index.DocumentRecord;
import dev.grounded.index.Filter;
import dev.grounded.index.LuceneIndex;
import dev.grounded.index.LuceneSearcher;
import dev.grounded.index.SearchQuery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ConcurrentWritesTest {
  private static final int ROUNDS = 5;

  @TempDir Path tmp;

  @Test
  @Timeout(120)
  void twoThreadsIngestingTheSameDocumentLeaveExactlyOneVersionThatTheManifestAgreesWith()
      throws Exception {
    try (KnowledgeBase kb = Fixtures.knowledgeBase(tmp.resolve("data"));
        ExecutorService threads = Executors.newFixedThreadPool(2)) {
      for (int round = 0; round < ROUNDS; round++) {
        // different sizes, so a mix of versions would show in the chunk count
        TextSource one = TextSource.of("same", paragraphs("one" + round, 3));
        TextSource two = TextSource.of("same", paragraphs("two" + round, 9));
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<IngestSummary>> runs = new ArrayList<>();
        for (TextSource s : List.of(one, two))
          runs.add(
              threads.submit(
                  () -> {
                    start.await();
                    return kb.ingest("c", List.of(s), false, IngestListener.NONE);
                  }));
        for (Future<IngestSummary> r : runs)
          assertThat(r.get(60, TimeUnit.SECONDS).failed()).isZero();
        assertOneVersion(kb, round);
      }
    }
  }

  private static void assertOneVersion(KnowledgeBase kb, int round) {
    ManifestEntry entry = kb.document("c", "same").orElseThrow();
    try (LuceneSearcher s = kb.searcher("c")) {
      List<DocumentRecord> records = s.documents();
      assertThat(records).as("round " + round).singleElement();
      DocumentRecord r = records.getFirst();
      assertThat(r.contentHash()).isEqualTo(entry.contentHash());
      assertThat(r.version()).isEqualTo(entry.version()).isEqualTo(2L * round + 2);
      assertThat(s.chunkCount()).isEqualTo(entry.chunks()).isEqualTo(r.chunks());
      SearchQuery everyChunk =
          SearchQuery.lexical("lorem", 1000).withFilter(Filter.of("document_id", "same"));
      List<Hit> hits = s.bm25().retrieve(everyChunk);
      assertThat(hits).hasSize(entry.chunks());
      assertThat(hits.stream().map(h -> h.chunk().ordinal()).distinct()).hasSize(entry.chunks());
      boolean one = hits.stream().anyMatch(h -> h.chunk().text().contains("one" + round));
      boolean two = hits.stream().anyMatch(h -> h.chunk().text().contains("two" + round));
      assertThat(one ^ two).as("all chunks from the same version").isTrue();
    }
  }

  /** Paragraphs long enough to make one chunk each, every one starting with {@code word}. */
  private static String paragraphs(String word, int n) {
    StringBuilder sb = new StringBuilder();
    String filler = (word + " ").repeat(5) + "lorem ipsum dolor sit amet ".repeat(40);
    for (int i = 0; i < n; i++)
      sb.append(word).append(' ').append(i).append(' ').append(filler).append("\n\n");
    return sb.toString();
  }

  @Test
  @Timeout(120)
  void ingestsOfDifferentDocumentsIntoOneCollectionWaitForEachOtherInsteadOfFailing()
      throws Exception {
    int writers = 4;
    try (KnowledgeBase kb = Fixtures.knowledgeBase(tmp.resolve("data"));
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      CyclicBarrier start = new CyclicBarrier(writers);
      List<Future<?>> runs = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        TextSource s = TextSource.of("d" + i, "Document number " + i + " says hello.");
        runs.add(
            threads.submit(
                () -> {
                  start.await();
                  if (s.documentId().equals("d0")) return kb.deleteDocument("c", "d0");
                  return kb.ingest("c", List.of(s), false, IngestListener.NONE);
                }));
        if (i == 0) kb.createCollection("c");
      }
      for (Future<?> r : runs) r.get(60, TimeUnit.SECONDS);
      assertThat(kb.documents("c", null, 10))
          .extracting(ManifestEntry::documentId)
          .containsExactly("d1", "d2", "d3");
    }
  }

  @Test
  void aWriterInAnotherProcessMakesWritesFailWithConflictAfterTheLockWait() {
    IngestOptions brief = IngestOptions.DEFAULTS.withLockWait(java.time.Duration.ofMillis(200));
    try (KnowledgeBase kb = Fixtures.knowledgeBase(tmp.resolve("data"), brief)) {
      kb.ingest("acme~docs", List.of(TextSource.of("a", "Some text.")), false, IngestListener.NONE);
      // a second writer on the directory is what another process's ingest looks like
      try (LuceneIndex other = LuceneIndex.open(kb.indexPath("acme~docs"))) {
        for (Runnable write :
            List.<Runnable>of(
                () -> kb.ingest("acme~docs", List.of(TextSource.of("b", "More.")), false, e -> {}),
                () -> kb.deleteDocument("acme~docs", "a"),
                () -> kb.deleteCollection("acme~docs"))) {
          assertThatThrownBy(write::run)
              .isInstanceOfSatisfying(
                  GroundedException.class,
                  e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
                    assertThat(e.retriable()).isTrue();
                    assertThat(e.param()).contains("collection");
                  })
              .hasMessage(
                  "collection 'docs' is being written by another process (waited 0.2 s,"
                      + " ingest.lock_wait); try again when it finishes");
        }
      }
      assertThat(kb.document("acme~docs", "a")).isPresent();
      assertThat(kb.deleteCollection("acme~docs")).isTrue();
    }
  }

  @Test
  void metadataIsKeptPerDocumentUnderConcurrentIngests() throws Exception {
    try (KnowledgeBase kb = Fixtures.knowledgeBase(tmp.resolve("data"));
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<IngestSummary>> runs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        TextSource s = new TextSource("m" + i, "m" + i, "Text " + i + ".", Map.of("n", "" + i));
        runs.add(threads.submit(() -> kb.ingest("c", List.of(s), false, IngestListener.NONE)));
      }
      for (Future<IngestSummary> r : runs) r.get(60, TimeUnit.SECONDS);
      for (int i = 0; i < 3; i++)
        assertThat(kb.document("c", "m" + i).orElseThrow().metadata()).containsEntry("n", "" + i);
    }
  }
}
