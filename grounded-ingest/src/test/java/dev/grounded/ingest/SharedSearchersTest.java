package dev.grounded.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grounded.index.LuceneIndex;
import dev.grounded.index.LuceneSearcher;
import dev.grounded.index.SearchQuery;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedSearchersTest {
  @TempDir Path tmp;

  private Path doc(String name) {
    return Fixtures.write(tmp.resolve("docs/" + name + ".md"), Fixtures.markdown(name, 1));
  }

  @Test
  void aLeaseTakenBeforeAnIngestKeepsItsViewAndOneTakenAfterSeesTheNewDocument() {
    try (KnowledgeBase kb = Fixtures.knowledgeBase(tmp.resolve("data"))) {
      kb.ingestPaths("c", List.of(doc("alpha")), false, IngestListener.NONE);
      try (LuceneSearcher before = kb.searcher("c")) {
        kb.ingestPaths("c", List.of(doc("bravo")), false, IngestListener.NONE);
        try (LuceneSearcher after = kb.searcher("c")) {
          assertThat(before.documentCount()).isEqualTo(1);
          assertThat(before.bm25().retrieve(SearchQuery.lexical("bravo", 5))).isEmpty();
          assertThat(after.documentCount()).isEqualTo(2);
          assertThat(after.bm25().retrieve(SearchQuery.lexical("bravo", 5))).isNotEmpty();
        }
      }
    }
  }

  @Test
  void aCommitByAnotherWriterOfTheSameDirectoryIsSeenAtTheNextLease() {
    try (KnowledgeBase kb = Fixtures.knowledgeBase(tmp.resolve("data"))) {
      kb.ingestPaths("c", List.of(doc("alpha")), false, IngestListener.NONE);
      kb.searcher("c").close();
      // as another process would: its own writer on the directory
      try (LuceneIndex other = LuceneIndex.open(kb.indexPath("c"))) {
        other.delete(kb.documents("c", null, 1).getFirst().documentId());
        other.commit();
      }
      try (LuceneSearcher s = kb.searcher("c")) {
        assertThat(s.documentCount()).isZero();
      }
    }
  }

  @Test
  void manyLeasesAcrossIngestsLeaveNoIndexFileMappedOnceClosed() throws Exception {
    Path data = tmp.resolve("data");
    try (KnowledgeBase kb = Fixtures.knowledgeBase(data)) {
      kb.createCollection("c");
      for (int i = 0; i < 4; i++) {
        LuceneSearcher lease = kb.searcher("c");
        kb.ingestPaths("c", List.of(doc("doc" + i)), false, IngestListener.NONE);
        lease.close();
        for (int j = 0; j < 20; j++) kb.searcher("c").close();
      }
      try (LuceneSearcher s = kb.searcher("c")) {
        assertThat(s.documentCount()).isEqualTo(4);
      }
    }
    assertThat(MappedFiles.under(data.resolve("index"))).isZero();
  }
}
