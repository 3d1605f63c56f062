package dev.grounded.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.core.Hit;
import dev.grounded.embed.Embedder;
import dev.grounded.index.DocumentRecord;
import dev.grounded.index.LuceneSearcher;
import dev.grounded.index.SearchQuery;
import dev.grounded.ingest.chunk.StructureChunker;
import dev.grounded.ingest.parse.TikaParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class IngestorTest {
  @TempDir Path tmp;

  @Test
  void reIngestingUnchangedFilesEmbedsNothing() {
    Path docs = tmp.resolve("docs");
    Fixtures.write(docs.resolve("a.md"), Fixtures.markdown("alpha", 3));
    Fixtures.write(docs.resolve("b.txt"), "Bravo is a plain text file.\n\nIt has two paragraphs.");
    try (KnowledgeBase kb = Fixtures.knowledgeBase(tmp.resolve("data"))) {
      IngestSummary first = kb.ingestPaths("c", List.of(docs), false, IngestListener.NONE);
      assertThat(first.files()).isEqualTo(2);
      assertThat(first.documents()).isEqualTo(2);
      assertThat(first.embedded()).isPositive().isEqualTo(first.chunks());
      IngestSummary second = kb.ingestPaths("c", List.of(docs), false, IngestListener.NONE);
      assertThat(second.embedded()).isZero();
      assertThat(second.skipped()).isEqualTo(2);
      assertThat(second.chunks()).isEqualTo(first.chunks());
    }
  }

  @Test
  void aChangedFileReplacesAllItsChunksAndBumpsItsVersion() {
    Path a = Fixtures.write(tmp.resolve("docs/a.md"), Fixtures.markdown("alpha", 6));
    try (KnowledgeBase kb = Fixtures.knowledgeBase(tmp.resolve("data"))) {
      kb.ingestPaths("c", List.of(a), false, IngestListener.NONE);
      Fixtures.write(a, "# Zulu\n\nOnly zulu remains here now.");
      IngestSummary s = kb.ingestPaths("c", List.of(a), false, IngestListener.NONE);
      assertThat(s.embedded()).isEqualTo(1);
      try (LuceneSearcher searcher = kb.searcher("c")) {
        assertThat(searcher.chunkCount()).isEqualTo(1);
        assertThat(searcher.bm25().retrieve(SearchQuery.lexical("alpha ledger", 10))).isEmpty();
        List<Hit> hits = searcher.bm25().retrieve(SearchQuery.lexical("zulu", 10));
        assertThat(hits)
            .singleElement()
            .satisfies(h -> assertThat(h.chunk().text()).contains("Only zulu"));
        assertThat(searcher.documents())
            .singleElement()
            .extracting(DocumentRecord::version)
            .isEqualTo(2L);
      }
    }
  }

  @Test
  void aFileThatCannotBeParsedIsReportedAndTheOthersGoOn() {
    Path docs = tmp.resolve("docs");
    Fixtures.write(docs.resolve("good.md"), Fixtures.markdown("good", 1));
    Fixtures.write(docs.resolve("broken.pdf"), "this is not a pdf at all");
    try (KnowledgeBase kb = Fixtures.knowledgeBase(tmp.resolve("data"))) {
      IngestSummary s = kb.ingestPaths("c", List.of(docs), false, IngestListener.NONE);
      assertThat(s.failed()).isEqualTo(1);
      assertThat(s.documents()).isEqualTo(1);
      assertThat(s.failures())
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.source()).endsWith("broken.pdf");
                assertThat(f.reason()).contains("broken.pdf");
              });
    }
  }

  @Test
  void aFileThatBreaksKeepsItsPreviousVersionSearchable() {
    Path a =
        Fixtures.write(
            tmp.resolve("docs/a.html"),
            "<html><body><h1>Kilo</h1><p>Kilo is searchable.</p></body></html>");
    try (KnowledgeBase kb = Fixtures.knowledgeBase(tmp.resolve("data"))) {
      kb.ingestPaths("c", List.of(a), false, IngestListener.NONE);
      Path pdf = Fixtures.write(tmp.resolve("docs/a.pdf"), "%PDF-1.7 truncated garbage");
      IngestSummary s = kb.ingestPaths("c", List.of(a, pdf), false, IngestListener.NONE);
      assertThat(s.failed()).isEqualTo(1);
      try (LuceneSearcher searcher = kb.searcher("c")) {
        assertThat(searcher.bm25().retrieve(SearchQuery.lexical("kilo", 5))).hasSize(1);
      }
    }
  }

  @Test
  void pruneDropsDocumentsWhoseFilesAreGone() throws Exception {
    Path docs = tmp.resolve("docs");
    Path a = Fixtures.write(docs.resolve("a.md"), Fixtures.markdown("alpha", 1));
    Fixtures.write(docs.resolve("b.md"), Fixtures.markdown("bravo", 1));
    try (KnowledgeBase kb = Fixtures.knowledgeBase(tmp.resolve("data"))) {
      kb.ingestPaths("c", List.of(docs), false, IngestListener.NONE);
      Files.delete(a);
      IngestSummary kept = kb.ingestPaths("c", List.of(docs), false, IngestListener.NONE);
      assertThat(kept.documents()).isEqualTo(2);
      IngestSummary pruned = kb.ingestPaths("c", List.of(docs), true, IngestListener.NONE);
      assertThat(pruned.pruned()).isEqualTo(1);
      assertThat(pruned.documents()).isEqualTo(1);
      try (LuceneSearcher searcher = kb.searcher("c")) {
        assertThat(searcher.bm25().retrieve(SearchQuery.lexical("alpha", 5))).isEmpty();
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  @Timeout(60)
  void aFailingEmbedderEndsTheIngestWithItsErrorInsteadOfHanging() {
    Path docs = tmp.resolve("docs");
    for (int i = 0; i < 60; i++) {
      Fixtures.write(docs.resolve("f" + i + ".md"), Fixtures.markdown("doc" + i, 1));
    }
    AtomicInteger calls = new AtomicInteger();
    Embedder failsOnSecondBatch =
        new Embedder() {
          @Override
          public List<float[]> embed(List<String> texts) {
            if (calls.incrementAndGet() == 2) {
              sleep(500); // meanwhile the parser fills the queue and waits for room
              throw new GroundedException(ErrorCode.STORAGE_ERROR, "injected: disk full");
            }
            return Fixtures.EMBEDDER.embed(texts);
          }

          @Override
          public float[] embedQuery(String query) {
            return Fixtures.EMBEDDER.embedQuery(query);
          }

          @Override
          public int dimensions() {
            return Fixtures.EMBEDDER.dimensions();
          }
        };
    IngestOptions tiny = new IngestOptions(4, 2, 1_000, 60_000);
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        KnowledgeBase kb =
            new KnowledgeBase(
                tmp.resolve("data"),
                new TikaParser(),
                new StructureChunker(Fixtures.TOKENIZER, 256, 32),
                failsOnSecondBatch,
                executor,
                "test",
                tiny)) {
      assertThatThrownBy(() -> kb.ingestPaths("c", List.of(docs), false, IngestListener.NONE))
          .isInstanceOf(GroundedException.class)
          .hasMessageContaining("injected: disk full");
      assertThat(kb.status()).singleElement().extracting(CollectionStats::documents).isEqualTo(0);
    } // closing the executor waits for the producer: it must have stopped
  }

  @Test
  void aMissingPathFailsBeforeAnythingIsStored() {
    try (KnowledgeBase kb = Fixtures.knowledgeBase(tmp.resolve("data"))) {
      assertThatThrownBy(
              () -> kb.ingestPaths("c", List.of(tmp.resolve("nope")), false, IngestListener.NONE))
          .isInstanceOf(GroundedException.class)
          .hasMessageContaining("nope")
          .hasMessageContaining("no such file");
      assertThat(kb.status()).isEmpty();
    }
  }

  @Test
  void collectionsAreSeparate() {
    Path a = Fixtures.write(tmp.resolve("docs/a.md"), Fixtures.markdown("alpha", 1));
    Path b = Fixtures.write(tmp.resolve("docs/b.md"), Fixtures.markdown("bravo", 1));
    try (KnowledgeBase kb = Fixtures.knowledgeBase(tmp.resolve("data"))) {
      kb.ingestPaths("one", List.of(a), false, IngestListener.NONE);
      kb.ingestPaths("two", List.of(b), false, IngestListener.NONE);
      try (LuceneSearcher one = kb.searcher("one")) {
        assertThat(one.bm25().retrieve(SearchQuery.lexical("bravo", 5))).isEmpty();
        assertThat(one.bm25().retrieve(SearchQuery.lexical("alpha", 5))).isNotEmpty();
      }
      assertThat(kb.status()).extracting(CollectionStats::name).containsExactly("one", "two");
      assertThatThrownBy(() -> kb.searcher("three"))
          .isInstanceOf(GroundedException.class)
          .hasMessageContaining("three");
      assertThatThrownBy(() -> kb.searcher("../etc"))
          .isInstanceOf(GroundedException.class)
          .hasMessageContaining("invalid collection name");
    }
  }
}
