package dev.grounded.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grounded.core.Hit;
import dev.grounded.index.DocumentRecord;
import dev.grounded.index.Filter;
import dev.grounded.index.LuceneSearcher;
import dev.grounded.index.SearchMode;
import dev.grounded.index.SearchQuery;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataIngestTest {
  @TempDir Path tmp;

  @Test
  void ingestedFilesCarryTheirFileNameAndFormatInTheManifestAndTheIndex() {
    Path docs = tmp.resolve("docs");
    Fixtures.write(docs.resolve("Guide.MD"), Fixtures.markdown("alpha", 1));
    Fixtures.write(docs.resolve("notes.txt"), "Bravo notes are plain text.");
    try (KnowledgeBase kb = Fixtures.knowledgeBase(tmp.resolve("data"))) {
      kb.ingestPaths("c", List.of(docs), false, IngestListener.NONE);
      assertThat(kb.documents("c", null, 10))
          .extracting(ManifestEntry::metadata)
          .containsExactlyInAnyOrder(
              Map.of("filename", "Guide.MD", "format", "md"),
              Map.of("filename", "notes.txt", "format", "txt"));
      try (LuceneSearcher s = kb.searcher("c")) {
        assertThat(s.documents())
            .extracting(DocumentRecord::metadata)
            .contains(Map.of("filename", "notes.txt", "format", "txt"));
        List<Hit> md =
            s.bm25()
                .retrieve(
                    SearchQuery.lexical("alpha bravo", 10).withFilter(Filter.of("format", "md")));
        assertThat(md)
            .isNotEmpty()
            .allSatisfy(h -> assertThat(h.chunk().source()).endsWith("Guide.MD"));
      }
    }
  }

  @Test
  void metadataGivenByTheSourceIsStoredAndOverridesTheBuiltInKeys() {
    TextSource a =
        new TextSource(
            "a",
            "reports/q1.pdf",
            "Quarterly revenue grew.",
            Map.of("team", "red", "format", "report"));
    TextSource b = new TextSource("b", "b.txt", "Quarterly costs fell.", Map.of("team", "blue"));
    TextSource c = new TextSource("c", "c", "Quarterly plans changed.", Map.of("team", "green"));
    try (KnowledgeBase kb = Fixtures.knowledgeBase(tmp.resolve("data"))) {
      kb.ingest("c", List.of(a, b, c), false, IngestListener.NONE);
      assertThat(kb.document("c", "a").orElseThrow().metadata())
          .isEqualTo(Map.of("team", "red", "format", "report", "filename", "q1.pdf"));
      assertThat(kb.document("c", "c").orElseThrow().metadata())
          .as("no extension, no format")
          .isEqualTo(Map.of("team", "green", "filename", "c"));
      assertThat(kb.document("c", "a").orElseThrow().title()).isEqualTo("Title of a");
      float[] vector = kb.embedder().embedQuery("quarterly");
      try (LuceneSearcher s = kb.searcher("c")) {
        for (SearchMode mode : SearchMode.values()) {
          assertThat(ids(s, mode, vector, Filter.of("team", "red", "blue")))
              .as(mode.wireName())
              .containsExactlyInAnyOrder("a", "b");
          assertThat(ids(s, mode, vector, Filter.of("format", "report"))).containsExactly("a");
          assertThat(ids(s, mode, vector, Filter.of("document_id", "c"))).containsExactly("c");
        }
      }
    }
  }

  private static Set<String> ids(LuceneSearcher s, SearchMode mode, float[] vector, Filter filter) {
    return s
        .retriever(mode, new dev.grounded.index.ReciprocalRankFusion(60), 50)
        .retrieve(new SearchQuery("quarterly", vector, 10, filter))
        .stream()
        .map(h -> h.chunk().documentId())
        .collect(Collectors.toSet());
  }

  @Test
  void aChangeOfMetadataAloneReindexesTheDocument() {
    try (KnowledgeBase kb = Fixtures.knowledgeBase(tmp.resolve("data"))) {
      kb.ingest(
          "c",
          List.of(new TextSource("a", "a", "Some text.", Map.of("team", "red"))),
          false,
          IngestListener.NONE);
      IngestSummary same =
          kb.ingest(
              "c",
              List.of(new TextSource("a", "a", "Some text.", Map.of("team", "red"))),
              false,
              IngestListener.NONE);
      assertThat(same.skipped()).isEqualTo(1);
      IngestSummary moved =
          kb.ingest(
              "c",
              List.of(new TextSource("a", "a", "Some text.", Map.of("team", "blue"))),
              false,
              IngestListener.NONE);
      assertThat(moved.skipped()).isZero();
      assertThat(kb.document("c", "a").orElseThrow().metadata()).containsEntry("team", "blue");
      try (LuceneSearcher s = kb.searcher("c")) {
        assertThat(
                s.bm25()
                    .retrieve(SearchQuery.lexical("text", 5).withFilter(Filter.of("team", "blue"))))
            .hasSize(1);
        assertThat(
                s.bm25()
                    .retrieve(SearchQuery.lexical("text", 5).withFilter(Filter.of("team", "red"))))
            .isEmpty();
      }
    }
  }

  @Test
  void aSourceWithInvalidMetadataFailsAloneNamingTheKey() {
    TextSource bad = new TextSource("bad", "bad", "Bad text.", Map.of("no spaces", "x"));
    TextSource good = TextSource.of("good", "Good text.");
    try (KnowledgeBase kb = Fixtures.knowledgeBase(tmp.resolve("data"))) {
      IngestSummary s = kb.ingest("c", List.of(bad, good), false, IngestListener.NONE);
      assertThat(s.documents()).isEqualTo(1);
      assertThat(s.failures())
          .singleElement()
          .satisfies(f -> assertThat(f.reason()).contains("'no spaces'"));
    }
  }
}
