package dev.grounded.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.index.DocumentRecord;
import dev.grounded.index.LuceneIndex;
import dev.grounded.index.LuceneSearcher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer of another process (here: a second Lucene writer on the collection's index, holding its
 * write lock as another process's ingest does) is waited for up to the lock wait; cancellation
 * stops a writer waiting or ingesting, keeping what it committed whole.
 */
class CollectionLockWaitTest {
  @TempDir Path tmp;

  @Test
  @Timeout(60)
  void aWriteWaitsForAnotherProcesssWriterAndSucceedsOnceItFinishes() throws Exception {
    IngestOptions patient = IngestOptions.DEFAULTS.withLockWait(Duration.ofSeconds(50));
    try (KnowledgeBase kb = Fixtures.knowledgeBase(tmp.resolve("data"), patient)) {
      kb.ingest("docs", List.of(TextSource.of("a", "First text.")), false, IngestListener.NONE);
      CompletableFuture<IngestSummary> write;
      try (LuceneIndex other = LuceneIndex.open(kb.indexPath("docs"))) {
        write =
            CompletableFuture.supplyAsync(
                () -> kb.ingest("docs", List.of(TextSource.of("b", "Second.")), false, e -> {}),
                Fixtures.EXECUTOR);
        Thread.sleep(500); // without waiting, the write would have failed with conflict by now
        assertThat(write).isNotDone();
      }
      assertThat(write.get(30, TimeUnit.SECONDS).failed()).isZero();
      assertThat(kb.document("docs", "b")).isPresent();
    }
  }

  @Test
  void aWriteFailsWithConflictNamingTheCollectionOnceTheLockWaitIsOver() {
    IngestOptions brief = IngestOptions.DEFAULTS.withLockWait(Duration.ofMillis(300));
    try (KnowledgeBase kb = Fixtures.knowledgeBase(tmp.resolve("data"), brief)) {
      kb.ingest("acme~docs", List.of(TextSource.of("a", "Text.")), false, IngestListener.NONE);
      try (LuceneIndex other = LuceneIndex.open(kb.indexPath("acme~docs"))) {
        assertThatThrownBy(
                () -> kb.ingest("acme~docs", List.of(TextSource.of("b", "More.")), false, e -> {}))
            .isInstanceOfSatisfying(
                GroundedException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
            .hasMessage(
                "collection 'docs' is being written by another process (waited 0.3 s,"
                    + " ingest.lock_wait); try again when it finishes");
      }
    }
  }

  @Test
  @Timeout(60)
  void aWriterWaitingForTheLockStopsWhenCancelledAndWritesNothing() throws Exception {
    IngestOptions patient = IngestOptions.DEFAULTS.withLockWait(Duration.ofSeconds(50));
    try (KnowledgeBase kb = Fixtures.knowledgeBase(tmp.resolve("data"), patient)) {
      kb.ingest("docs", List.of(TextSource.of("a", "First.")), false, IngestListener.NONE);
      AtomicBoolean cancel = new AtomicBoolean();
      try (LuceneIndex other = LuceneIndex.open(kb.indexPath("docs"))) {
        CompletableFuture<IngestSummary> write =
            CompletableFuture.supplyAsync(
                () ->
                    kb.ingest(
                        "docs",
                        List.of(TextSource.of("b", "Second.")),
                        false,
                        IngestListener.NONE,
                        cancel::get),
                Fixtures.EXECUTOR);
        cancel.set(true);
        IngestSummary s = write.get(30, TimeUnit.SECONDS);
        assertThat(s.cancelled()).isTrue();
        assertThat(s.documents()).isEqualTo(1);
      }
      assertThat(kb.document("docs", "b")).isEmpty();
    }
  }

  @Test
  @Timeout(120)
  void aCancelledIngestCommitsTheDocumentsItWroteWholeAndLeavesTheRestUntouched() {
    IngestOptions oneByOne = new IngestOptions(1, 2, 1_000, 60_000);
    try (KnowledgeBase kb = Fixtures.knowledgeBase(tmp.resolve("data"), oneByOne)) {
      kb.ingest("c", List.of(TextSource.of("d5", "Old five.")), false, IngestListener.NONE);
      List<TextSource> sources = new ArrayList<>();
      for (int i = 0; i < 10; i++)
        sources.add(new TextSource("d" + i, "d" + i, "New text of document " + i + ".", Map.of()));
      AtomicInteger indexed = new AtomicInteger();
      IngestSummary s =
          kb.ingest(
              "c",
              sources,
              true,
              e -> {
                if (e instanceof IngestEvent.Indexed) indexed.incrementAndGet();
              },
              () -> indexed.get() >= 3);
      assertThat(s.cancelled()).isTrue();
      assertThat(indexed).hasValue(3);
      assertThat(kb.documents("c", null, 100))
          .extracting(ManifestEntry::documentId)
          .containsExactly("d0", "d1", "d2", "d5");
      assertThat(kb.document("c", "d5").orElseThrow().version()).isEqualTo(1);
      try (LuceneSearcher searcher = kb.searcher("c")) {
        List<DocumentRecord> records = searcher.documents();
        assertThat(records)
            .extracting(DocumentRecord::documentId)
            .containsExactlyInAnyOrder("d0", "d1", "d2", "d5");
        for (DocumentRecord r : records)
          assertThat(r.chunks()).isEqualTo(kb.document("c", r.documentId()).orElseThrow().chunks());
      }
    }
  }
}
