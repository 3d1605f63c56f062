package dev.grounded.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.index.LuceneSearcher;
import dev.grounded.index.SearchQuery;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectionsTest {
  @TempDir Path tmp;

  private Path doc(String name) {
    return Fixtures.write(tmp.resolve("docs/" + name + ".md"), Fixtures.markdown(name, 1));
  }

  @Test
  void aCreatedCollectionExistsAndIsEmptyAndCreatingItAgainSaysSo() {
    try (KnowledgeBase kb = Fixtures.knowledgeBase(tmp.resolve("data"))) {
      assertThat(kb.collectionExists("docs")).isFalse();
      assertThat(kb.createCollection("docs")).isTrue();
      assertThat(kb.createCollection("default~docs")).as("the same collection").isFalse();
      assertThat(kb.collectionExists("docs")).isTrue();
      assertThat(kb.documents("docs", null, 10)).isEmpty();
      try (LuceneSearcher s = kb.searcher("docs")) {
        assertThat(s.documentCount()).isZero();
      }
    }
  }

  @Test
  void tenantsSeeOnlyTheirOwnCollectionsAndTheirIndexesLiveApart() {
    try (KnowledgeBase kb = Fixtures.knowledgeBase(tmp.resolve("data"))) {
      kb.ingestPaths("docs", List.of(doc("alpha")), false, IngestListener.NONE);
      CollectionId acme = new CollectionId("acme", "docs");
      kb.ingestPaths(acme.key(), List.of(doc("bravo")), false, IngestListener.NONE);
      kb.createCollection("acme~other");
      assertThat(kb.collections("default")).containsExactly(CollectionId.of("docs"));
      assertThat(kb.collections("acme")).containsExactly(acme, new CollectionId("acme", "other"));
      assertThat(kb.collections("nobody")).isEmpty();
      assertThat(kb.indexPath(acme.key())).isEqualTo(tmp.resolve("data/index/acme~docs"));
      assertThat(kb.indexPath(acme.key())).isDirectory();
      try (LuceneSearcher s = kb.searcher(acme.key())) {
        assertThat(s.bm25().retrieve(SearchQuery.lexical("alpha", 5))).isEmpty();
        assertThat(s.bm25().retrieve(SearchQuery.lexical("bravo", 5))).isNotEmpty();
      }
      assertThatThrownBy(() -> kb.collections("bad tenant")).isInstanceOf(GroundedException.class);
    }
  }

  @Test
  void deletingACollectionRemovesItsIndexAndRowsAndANewOneOfTheSameNameStartsEmpty() {
    try (KnowledgeBase kb = Fixtures.knowledgeBase(tmp.resolve("data"))) {
      kb.ingestPaths("docs", List.of(doc("alpha")), false, IngestListener.NONE);
      kb.ingestPaths("keep", List.of(doc("bravo")), false, IngestListener.NONE);
      LuceneSearcher open = kb.searcher("docs");
      assertThat(kb.deleteCollection("docs")).isTrue();
      assertThat(kb.indexPath("docs")).doesNotExist();
      assertThat(kb.collectionExists("docs")).isFalse();
      assertThatThrownBy(() -> kb.searcher("docs"))
          .isInstanceOfSatisfying(
              GroundedException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
      assertThat(open.bm25().retrieve(SearchQuery.lexical("alpha", 5)))
          .as("a lease taken before keeps its view")
          .isNotEmpty();
      open.close();
      assertThat(kb.deleteCollection("docs")).isFalse();

      kb.createCollection("docs");
      assertThat(kb.documents("docs", null, 10)).isEmpty();
      kb.ingestPaths("docs", List.of(doc("charlie")), false, IngestListener.NONE);
      try (LuceneSearcher s = kb.searcher("docs")) {
        assertThat(s.documentCount()).isEqualTo(1);
        assertThat(s.bm25().retrieve(SearchQuery.lexical("alpha", 5))).isEmpty();
      }
      assertThat(kb.documents("keep", null, 10)).hasSize(1);
    }
  }

  @Test
  void documentsArePagedInIdOrderAndLookedUpById() {
    try (KnowledgeBase kb = Fixtures.knowledgeBase(tmp.resolve("data"))) {
      kb.ingestPaths(
          "docs",
          List.of(doc("a1"), doc("a2"), doc("a3"), doc("a4"), doc("a5")),
          false,
          IngestListener.NONE);
      List<String> all =
          kb.documents("docs", null, 100).stream().map(ManifestEntry::documentId).toList();
      assertThat(all).hasSize(5).isSorted();
      List<ManifestEntry> first = kb.documents("docs", null, 2);
      List<ManifestEntry> second = kb.documents("docs", first.getLast().documentId(), 2);
      List<ManifestEntry> third = kb.documents("docs", second.getLast().documentId(), 2);
      assertThat(first).extracting(ManifestEntry::documentId).isEqualTo(all.subList(0, 2));
      assertThat(second).extracting(ManifestEntry::documentId).isEqualTo(all.subList(2, 4));
      assertThat(third).extracting(ManifestEntry::documentId).isEqualTo(all.subList(4, 5));
      ManifestEntry e = kb.document("docs", all.get(2)).orElseThrow();
      assertThat(e.title()).startsWith("Notes on a");
      assertThat(e.chunks()).isPositive();
      assertThat(kb.document("docs", "missing")).isEmpty();
      assertThatThrownBy(() -> kb.documents("nope", null, 10))
          .isInstanceOfSatisfying(
              GroundedException.class, x -> assertThat(x.code()).isEqualTo(ErrorCode.NOT_FOUND));
      assertThatThrownBy(() -> kb.documents("docs", null, 0)).isInstanceOf(GroundedException.class);
    }
  }

  @Test
  void deletingADocumentRemovesItsChunksRecordAndRow() {
    try (KnowledgeBase kb = Fixtures.knowledgeBase(tmp.resolve("data"))) {
      kb.ingestPaths("docs", List.of(doc("alpha"), doc("bravo")), false, IngestListener.NONE);
      String alpha = new FileSource(tmp.resolve("docs/alpha.md"), p -> null, "").documentId();
      try (LuceneSearcher before = kb.searcher("docs")) {
        assertThat(kb.deleteDocument("docs", alpha)).isTrue();
        assertThat(before.documentCount()).as("point in time").isEqualTo(2);
      }
      assertThat(kb.deleteDocument("docs", alpha)).isFalse();
      assertThat(kb.document("docs", alpha)).isEmpty();
      try (LuceneSearcher s = kb.searcher("docs")) {
        assertThat(s.documentCount()).isEqualTo(1);
        assertThat(s.bm25().retrieve(SearchQuery.lexical("alpha", 5))).isEmpty();
        assertThat(s.chunkCount()).isEqualTo(kb.documents("docs", null, 10).getFirst().chunks());
      }
      assertThatThrownBy(() -> kb.deleteDocument("nope", alpha))
          .isInstanceOfSatisfying(
              GroundedException.class, x -> assertThat(x.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }
  }
}
