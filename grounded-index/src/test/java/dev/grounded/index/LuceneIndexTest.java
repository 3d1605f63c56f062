package dev.grounded.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.core.Hit;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneIndexTest {
  @TempDir Path dir;

  @Test
  void committedDocumentsAreFoundByBm25WithTheirLocation() {
    try (LuceneIndex index = LuceneIndex.open(dir)) {
      index.replace(
          TestChunks.document("a", "h1", "The quick brown fox jumps.", "Lazy dogs sleep all day."));
      index.replace(TestChunks.document("b", "h2", "Foxes are omnivorous mammals."));
      index.commit();
    }
    try (LuceneSearcher s = LuceneSearcher.open(dir)) {
      List<Hit> hits = s.bm25().retrieve(SearchQuery.lexical("fox", 10));
      assertThat(hits).extracting(h -> h.chunk().id()).containsExactlyInAnyOrder("a#0", "b#0");
      Hit a0 = hits.stream().filter(h -> h.chunk().id().equals("a#0")).findFirst().orElseThrow();
      assertThat(a0.chunk().location().page()).isEqualTo(1);
      assertThat(a0.chunk().location().headings()).containsExactly("Title a");
      assertThat(a0.chunk().source()).isEqualTo("/docs/a.md");
      assertThat(s.documentCount()).isEqualTo(2);
      assertThat(s.chunkCount()).isEqualTo(3);
    }
  }

  @Test
  void aDocumentsChunksAreReadBackInOrder() {
    try (LuceneIndex index = LuceneIndex.open(dir)) {
      index.replace(TestChunks.document("a", "h1", "first part", "second part", "third part"));
      index.replace(TestChunks.document("b", "h2", "other text"));
      index.commit();
    }
    try (LuceneSearcher s = LuceneSearcher.open(dir)) {
      assertThat(s.chunks("a"))
          .extracting(c -> c.text())
          .containsExactly("first part", "second part", "third part");
      assertThat(s.chunks("b")).extracting(c -> c.id()).containsExactly("b#0");
      assertThat(s.chunks("missing")).isEmpty();
    }
  }

  @Test
  void termStatisticsWeighRareWordsAboveCommonOnesAndKnowNothingOfAbsentIndexes() {
    try (LuceneIndex index = LuceneIndex.open(dir)) {
      index.replace(TestChunks.document("a", "h1", "Tractors plough fields.", "Tractors rust."));
      index.replace(TestChunks.document("b", "h2", "Tractors cost money.", "Fields flood."));
      index.commit();
    }
    try (LuceneSearcher s = LuceneSearcher.open(dir)) {
      TermStatistics stats = s.termStatistics();
      // 4 chunks: "tractor" (analysed like the body, so plural and singular meet) in 3, "cost" in 1
      assertThat(stats.idf("tractor")).isCloseTo(Math.log(1 + 1.5 / 3.5), within(1e-9));
      assertThat(stats.idf("Tractors")).isEqualTo(stats.idf("tractor"));
      assertThat(stats.idf("cost")).isCloseTo(Math.log(1 + 3.5 / 1.5), within(1e-9));
      assertThat(stats.idf("zebra")).isGreaterThan(stats.idf("cost"));
      assertThat(stats.idf("the")).isNaN(); // a stop word analyses to nothing
    }
    try (LuceneSearcher none = LuceneSearcher.open(dir.resolve("absent"))) {
      assertThat(none.termStatistics().idf("tractor")).isNaN();
    }
  }

  @Test
  void replacingADocumentSwapsAllItsChunks() {
    try (LuceneIndex index = LuceneIndex.open(dir)) {
      index.replace(TestChunks.document("a", "h1", "old one", "old two", "old three"));
      index.commit();
      index.replace(TestChunks.document("a", "h2", "new text"));
      index.commit();
    }
    try (LuceneSearcher s = LuceneSearcher.open(dir)) {
      assertThat(s.chunkCount()).isEqualTo(1);
      assertThat(s.bm25().retrieve(SearchQuery.lexical("old", 10))).isEmpty();
      assertThat(s.documents())
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.contentHash()).isEqualTo("h2");
                assertThat(r.chunks()).isEqualTo(1);
              });
    }
  }

  @Test
  void uncommittedChangesAreLostOnCloseAndTheLastCommitSurvives() {
    try (LuceneIndex index = LuceneIndex.open(dir)) {
      index.replace(TestChunks.document("a", "h1", "kept text"));
      index.commit();
      index.replace(TestChunks.document("b", "h2", "lost text"));
      index.delete("a");
    }
    try (LuceneSearcher s = LuceneSearcher.open(dir)) {
      assertThat(s.documents()).extracting(DocumentRecord::documentId).containsExactly("a");
    }
  }

  @Test
  void deleteRemovesTheDocumentAndItsChunks() {
    try (LuceneIndex index = LuceneIndex.open(dir)) {
      index.replace(TestChunks.document("a", "h1", "alpha", "beta"));
      index.replace(TestChunks.document("b", "h1", "gamma"));
      index.delete("a");
      index.delete("missing");
      index.commit();
    }
    try (LuceneSearcher s = LuceneSearcher.open(dir)) {
      assertThat(s.documentCount()).isEqualTo(1);
      assertThat(s.chunkCount()).isEqualTo(1);
    }
  }

  @Test
  void denseSearchRanksByExactDotProductOfTheFullPrecisionVectors() {
    String[] texts = new String[50];
    for (int i = 0; i < texts.length; i++) texts[i] = "text number " + i;
    try (LuceneIndex index = LuceneIndex.open(dir)) {
      index.replace(TestChunks.document("a", "h", texts));
      index.commit();
    }
    float[] target = TestChunks.vectorFor("text number 7");
    try (LuceneSearcher s = LuceneSearcher.open(dir)) {
      List<Hit> hits = s.dense().retrieve(new SearchQuery("", target, 5));
      assertThat(hits).hasSize(5);
      assertThat(hits.getFirst().chunk().text()).isEqualTo("text number 7");
      assertThat(hits.getFirst().score()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
      for (int i = 1; i < hits.size(); i++) {
        assertThat(hits.get(i).score()).isLessThanOrEqualTo(hits.get(i - 1).score());
        float[] v = TestChunks.vectorFor(hits.get(i).chunk().text());
        double dot = 0;
        for (int d = 0; d < v.length; d++) dot += v[d] * target[d];
        assertThat(hits.get(i).score()).isCloseTo(dot, org.assertj.core.data.Offset.offset(1e-5));
      }
    }
  }

  @Test
  void aMissingIndexSearchesAsEmpty() {
    try (LuceneSearcher s = LuceneSearcher.open(dir.resolve("nothing"))) {
      assertThat(s.bm25().retrieve(SearchQuery.lexical("anything", 3))).isEmpty();
      assertThat(s.documentCount()).isZero();
    }
  }

  @Test
  void aSecondWriterOnTheSameIndexFailsWithAClearMessage() {
    try (LuceneIndex first = LuceneIndex.open(dir)) {
      assertThatThrownBy(() -> LuceneIndex.open(dir))
          .isInstanceOfSatisfying(
              GroundedException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
          .hasMessageContaining("in use by another process");
    }
  }

  @Test
  void queriesWithOnlyStopWordsOrPunctuationFindNothingRatherThanFail() {
    try (LuceneIndex index = LuceneIndex.open(dir)) {
      index.replace(TestChunks.document("a", "h", "some text"));
      index.commit();
    }
    try (LuceneSearcher s = LuceneSearcher.open(dir)) {
      assertThat(s.bm25().retrieve(SearchQuery.lexical("the of and", 3))).isEmpty();
      assertThat(s.bm25().retrieve(SearchQuery.lexical("\"(*&^%", 3))).isEmpty();
      assertThat(s.bm25().retrieve(SearchQuery.lexical("title: text AND OR", 3))).hasSize(1);
    }
  }
}
