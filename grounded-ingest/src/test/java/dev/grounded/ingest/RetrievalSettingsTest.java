package dev.grounded.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.index.LuceneSearcher;
import dev.grounded.index.RetrievalSettings;
import dev.grounded.index.SearchQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetrievalSettingsTest {
  @TempDir Path tmp;

  @Test
  void aCollectionUsesTheDefaultsUntilSettingsAreSavedAndTheIndexIgnoresTheFile() {
    try (KnowledgeBase kb = Fixtures.knowledgeBase(tmp.resolve("data"))) {
      Path doc = Fixtures.write(tmp.resolve("docs/alpha.md"), Fixtures.markdown("alpha", 1));
      kb.ingestPaths("docs", List.of(doc), false, IngestListener.NONE);
      assertThat(kb.retrievalSettings("docs")).isEqualTo(RetrievalSettings.DEFAULTS);

      RetrievalSettings linear = RetrievalSettings.linear(0.7, 100);
      kb.saveRetrievalSettings("docs", linear);
      assertThat(kb.retrievalSettings("docs")).isEqualTo(linear);
      assertThat(kb.retrievalSettings("default~docs")).isEqualTo(linear);
      RetrievalSettings reranked = RetrievalSettings.linear(0.3, 50).withRerankDepth(20);
      kb.saveRetrievalSettings("docs", reranked);
      assertThat(kb.retrievalSettings("docs")).isEqualTo(reranked);
      assertThat(reranked.describe()).isEqualTo("linear w=0.30 depth=50 rerank=20");
      RetrievalSettings weighted = RetrievalSettings.rrf(10, 0.65, 50);
      kb.saveRetrievalSettings("docs", weighted);
      assertThat(kb.retrievalSettings("docs")).isEqualTo(weighted);
      assertThat(weighted.describe()).isEqualTo("rrf k=10 w=0.65 depth=50");
      RetrievalSettings zscore = RetrievalSettings.zscore(0.6, 100);
      kb.saveRetrievalSettings("docs", zscore);
      assertThat(kb.retrievalSettings("docs")).isEqualTo(zscore);
      assertThat(zscore.describe()).isEqualTo("zscore w=0.60 depth=100");
      RetrievalSettings rrf = RetrievalSettings.rrf(20, 50);
      kb.saveRetrievalSettings("docs", rrf);
      assertThat(kb.retrievalSettings("docs")).isEqualTo(rrf);

      // the file beside the index survives further ingests, and the index still works
      Path more = Fixtures.write(tmp.resolve("docs/bravo.md"), Fixtures.markdown("bravo", 1));
      kb.ingestPaths("docs", List.of(doc, more), false, IngestListener.NONE);
      assertThat(kb.retrievalSettings("docs")).isEqualTo(rrf);
      try (LuceneSearcher s = kb.searcher("docs")) {
        assertThat(s.bm25().retrieve(SearchQuery.lexical("bravo", 5))).isNotEmpty();
      }
    }
  }

  @Test
  void aFileSavedBeforeRrfHadWeightsKeepsItsUnweightedMeaning() throws Exception {
    try (KnowledgeBase kb = Fixtures.knowledgeBase(tmp.resolve("data"))) {
      kb.createCollection("docs");
      kb.saveRetrievalSettings("docs", RetrievalSettings.DEFAULTS);
      Files.writeString(
          kb.indexPath("docs").resolve("retrieval.json"),
          "{\"fusion\":\"rrf\",\"k\":40,\"depth\":100}");
      assertThat(kb.retrievalSettings("docs")).isEqualTo(RetrievalSettings.rrf(40, 0.5, 100));
      assertThat(kb.retrievalSettingsTuning("docs")).isEmpty();
    }
  }

  @Test
  void howTheSettingsWereTunedIsRecordedBesideThem() throws Exception {
    try (KnowledgeBase kb = Fixtures.knowledgeBase(tmp.resolve("data"))) {
      kb.createCollection("docs");
      assertThat(kb.retrievalSettingsTuning("docs")).isEmpty();
      RetrievalSettings z = RetrievalSettings.zscore(0.4, 20);
      kb.saveRetrievalSettings("docs", z, "label-free");
      assertThat(kb.retrievalSettings("docs")).isEqualTo(z);
      assertThat(kb.retrievalSettingsTuning("docs")).contains("label-free");
      assertThat(Files.readString(kb.indexPath("docs").resolve("retrieval.json")))
          .contains("\"tuned\" : \"label-free\"");
      kb.saveRetrievalSettings("docs", z);
      assertThat(kb.retrievalSettingsTuning("docs")).isEmpty();
    }
  }

  @Test
  void savingForAMissingCollectionOrReadingABrokenFileAreClearErrors() throws Exception {
    try (KnowledgeBase kb = Fixtures.knowledgeBase(tmp.resolve("data"))) {
      assertThatThrownBy(() -> kb.saveRetrievalSettings("nope", RetrievalSettings.DEFAULTS))
          .isInstanceOf(GroundedException.class)
          .hasMessageContaining("nope");
      kb.createCollection("docs");
      kb.saveRetrievalSettings("docs", RetrievalSettings.DEFAULTS); // creates the file's folder
      assertThat(kb.retrievalSettings("docs")).isEqualTo(RetrievalSettings.DEFAULTS);
      Files.writeString(kb.indexPath("docs").resolve("retrieval.json"), "{\"fusion\":\"magic\"}");
      assertThatThrownBy(() -> kb.retrievalSettings("docs"))
          .isInstanceOf(GroundedException.class)
          .satisfies(
              e -> assertThat(((GroundedException) e).code()).isEqualTo(ErrorCode.STORAGE_ERROR))
          .hasMessageContaining("magic");
    }
  }
}
