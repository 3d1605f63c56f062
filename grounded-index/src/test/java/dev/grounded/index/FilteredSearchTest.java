package dev.grounded.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grounded.core.GroundedException;
import dev.grounded.core.Hit;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FilteredSearchTest {
  @TempDir Path dir;

  @BeforeEach
  void index() {
    try (LuceneIndex index = LuceneIndex.open(dir)) {
      index.replace(
          TestChunks.document(
              "a", "h", Map.of("format", "pdf", "team", "red"), "fox alpha", "fox beta"));
      index.replace(
          TestChunks.document("b", "h", Map.of("format", "md", "team", "blue"), "fox gamma"));
      index.replace(
          TestChunks.document("c", "h", Map.of("format", "md", "team", "green"), "fox delta"));
      index.replace(TestChunks.document("d", "h", "fox epsilon"));
      index.commit();
    }
  }

  private Set<String> documents(SearchMode mode, Filter filter) {
    SearchQuery query = new SearchQuery("fox", TestChunks.vectorFor("fox alpha"), 10, filter);
    try (LuceneSearcher s = LuceneSearcher.open(dir)) {
      List<Hit> hits = s.retriever(mode, new ReciprocalRankFusion(60), 50).retrieve(query);
      return hits.stream().map(h -> h.chunk().documentId()).collect(Collectors.toSet());
    }
  }

  @ParameterizedTest
  @EnumSource(SearchMode.class)
  void anEmptyFilterMatchesEveryChunk(SearchMode mode) {
    assertThat(documents(mode, Filter.NONE)).containsExactlyInAnyOrder("a", "b", "c", "d");
  }

  @ParameterizedTest
  @EnumSource(SearchMode.class)
  void aFilterOnFormatKeepsOnlyDocumentsOfThatFormat(SearchMode mode) {
    assertThat(documents(mode, Filter.of("format", "pdf"))).containsExactly("a");
    assertThat(documents(mode, Filter.of("format", "md"))).containsExactlyInAnyOrder("b", "c");
  }

  @ParameterizedTest
  @EnumSource(SearchMode.class)
  void aKeyWithTwoValuesMatchesEitherValue(SearchMode mode) {
    assertThat(documents(mode, Filter.of("team", "blue", "red")))
        .containsExactlyInAnyOrder("a", "b");
  }

  @ParameterizedTest
  @EnumSource(SearchMode.class)
  void theDocumentIdKeyMatchesTheDocumentsId(SearchMode mode) {
    assertThat(documents(mode, Filter.of("document_id", "c"))).containsExactly("c");
    assertThat(documents(mode, Filter.of("document_id", "a", "d")))
        .containsExactlyInAnyOrder("a", "d");
  }

  @ParameterizedTest
  @EnumSource(SearchMode.class)
  void keysAreAndedAndAnUnknownValueMatchesNothing(SearchMode mode) {
    assertThat(documents(mode, Filter.of("format", "md").and("team", "blue", "red")))
        .containsExactly("b");
    assertThat(documents(mode, Filter.of("format", "docx"))).isEmpty();
    assertThat(documents(mode, Filter.of("nobody-has-this-key", "x"))).isEmpty();
  }

  @Test
  void bm25WithAFilterStillRequiresAQueryTermToMatch() {
    try (LuceneSearcher s = LuceneSearcher.open(dir)) {
      SearchQuery unrelated =
          SearchQuery.lexical("zebra", 10).withFilter(Filter.of("format", "md"));
      assertThat(s.bm25().retrieve(unrelated)).isEmpty();
    }
  }

  @Test
  void denseSearchWithARestrictiveFilterFindsTheOnlyMatchingChunkFarFromTheQuery() {
    try (LuceneIndex index = LuceneIndex.open(dir)) {
      for (int i = 0; i < 300; i++) index.replace(TestChunks.document("n" + i, "h", "near " + i));
      index.replace(TestChunks.document("rare", "h", Map.of("team", "rare"), "far away text"));
      index.commit();
    }
    float[] target = TestChunks.vectorFor("near 1");
    try (LuceneSearcher s = LuceneSearcher.open(dir)) {
      List<Hit> hits =
          s.dense().retrieve(new SearchQuery("", target, 1, Filter.of("team", "rare")));
      assertThat(hits)
          .singleElement()
          .satisfies(h -> assertThat(h.chunk().id()).isEqualTo("rare#0"));
    }
  }

  @Test
  void documentRecordsCarryTheirMetadata() {
    try (LuceneSearcher s = LuceneSearcher.open(dir)) {
      Map<String, Map<String, String>> byId =
          s.documents().stream()
              .collect(Collectors.toMap(DocumentRecord::documentId, DocumentRecord::metadata));
      assertThat(byId.get("a"))
          .containsExactlyInAnyOrderEntriesOf(Map.of("format", "pdf", "team", "red"));
      assertThat(byId.get("d")).isEmpty();
    }
  }

  @Test
  void invalidFiltersAreRejectedOnTheFilterParameter() {
    assertThatThrownBy(() -> Filter.of("bad key", "x"))
        .isInstanceOfSatisfying(
            GroundedException.class, e -> assertThat(e.param()).contains("filter"))
        .hasMessageContaining("'bad key'");
    assertThatThrownBy(() -> Filter.of("format"))
        .isInstanceOf(GroundedException.class)
        .hasMessageContaining("'format' lists no values");
    assertThatThrownBy(() -> new Filter(Map.of("format", List.of())))
        .isInstanceOf(GroundedException.class);
  }
}
