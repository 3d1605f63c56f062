package dev.grounded.eval.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grounded.core.Chunk;
import dev.grounded.core.Hit;
import dev.grounded.core.Location;
import dev.grounded.embed.Embedder;
import dev.grounded.eval.BeirDataset;
import dev.grounded.index.RetrievalSettings;
import dev.grounded.index.Retriever;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TuningTest {
  static final Embedder NO_VECTORS =
      new Embedder() {
        @Override
        public List<float[]> embed(List<String> texts) {
          return texts.stream().map(t -> new float[] {1}).toList();
        }

        @Override
        public float[] embedQuery(String query) {
          return new float[] {1};
        }

        @Override
        public int dimensions() {
          return 1;
        }
      };

  static Hit hit(String doc, double score) {
    return new Hit(new Chunk(doc, doc, 0, doc, new Location(0, List.of(), 0, doc.length())), score);
  }

  /**
   * 200 queries, each with one relevant document "rel-i". BM25 ranks it 1st for even queries and
   * 30th for odd ones; dense ranks it 3rd for every query. A good fusion lets dense rescue the odd
   * queries while keeping BM25's first places.
   */
  @Test
  void picksTheSettingThatScoresBestOnDevAndReportsItOnTheHeldOutHalf() {
    Map<String, String> queries = new LinkedHashMap<>();
    Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
    for (int i = 0; i < 200; i++) {
      queries.put("q" + i, "query " + i);
      qrels.put("q" + i, Map.of("rel-" + i, 1));
    }
    BeirDataset data = new BeirDataset(List.of(), queries, qrels);
    Retriever bm25 =
        q -> {
          int i = Integer.parseInt(q.text().substring(6));
          List<Hit> hits = new ArrayList<>();
          int relAt = i % 2 == 0 ? 0 : 29;
          for (int r = 0; r < q.k(); r++)
            hits.add(hit(r == relAt ? "rel-" + i : "b" + i + "-" + r, 100 - r));
          return hits;
        };
    Retriever dense =
        q -> {
          int i = Integer.parseInt(q.text().substring(6));
          List<Hit> hits = new ArrayList<>();
          for (int r = 0; r < q.k(); r++)
            hits.add(hit(r == 2 ? "rel-" + i : "d" + i + "-" + r, 1 - r / 1000.0));
          return hits;
        };
    Tuning.Result r = new Tuning(NO_VECTORS, Metric.parse("ndcg@10")).tune(data, bm25, dense, 7);
    assertThat(r.devQueries() + r.heldOutQueries()).isEqualTo(200);
    assertThat(r.devQueries()).isBetween(70, 130);
    assertThat(r.ranking()).hasSize(Tuning.grid().size());
    assertThat(r.ranking().getFirst().settings()).isEqualTo(r.best());
    for (int i = 1; i < r.ranking().size(); i++)
      assertThat(r.ranking().get(i).dev()).isLessThanOrEqualTo(r.ranking().get(i - 1).dev());
    assertThat(r.heldOut().keySet())
        .containsExactly(
            "tuned: " + r.best().describe(),
            "default: " + RetrievalSettings.DEFAULTS.describe(),
            "bm25",
            "dense");
    double tuned = r.heldOut().get("tuned: " + r.best().describe()).mean("ndcg@10");
    assertThat(tuned).isGreaterThanOrEqualTo(r.heldOut().get("bm25").mean("ndcg@10"));
    assertThat(tuned).isGreaterThanOrEqualTo(r.heldOut().get("dense").mean("ndcg@10"));
  }

  /**
   * Label-free: the setting is chosen on pseudo-queries and reported on the held-out half of the
   * real judgements, the same half qrels tuning reports on with the same seed.
   */
  @Test
  void labelFreeTuningChoosesOnPseudoQueriesAndReportsOnTheRealHeldOutHalf() throws Exception {
    var corpus = PseudoQueriesTest.corpus();
    BeirDataset pseudo = PseudoQueries.generate(corpus, PseudoQueries.Generator.SENTENCE, 300, 11);
    Map<String, String> queries = new LinkedHashMap<>();
    Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
    for (var d : corpus) {
      queries.put("q-" + d.id(), d.title());
      qrels.put("q-" + d.id(), Map.of(d.id(), 1));
    }
    BeirDataset real = new BeirDataset(corpus, queries, qrels);
    // BM25 finds the document whose text holds the query's words; dense finds nothing useful
    Retriever bm25 =
        q -> {
          List<Hit> hits = new ArrayList<>();
          for (var d : corpus) if (d.fullText().contains(q.text())) hits.add(hit(d.id(), 10));
          for (var d : corpus) if (hits.size() < q.k()) hits.add(hit("x-" + d.id(), 1));
          return hits;
        };
    Retriever dense =
        q -> {
          List<Hit> hits = new ArrayList<>();
          for (int r = 0; r < q.k(); r++) hits.add(hit("noise-" + r, 1 - r / 100.0));
          return hits;
        };
    Tuning tuning = new Tuning(NO_VECTORS, Metric.parse("ndcg@10"));
    Tuning.Result free = tuning.tuneLabelFree(pseudo, real, bm25, dense, null, 3);
    Tuning.Result judged = tuning.tune(real, bm25, dense, 3);
    assertThat(free.devQueries()).isEqualTo(Tuning.half(pseudo.qrels(), 3, true).size());
    assertThat(free.heldOutQueries()).isEqualTo(judged.heldOutQueries());
    assertThat(free.heldOut().get("bm25").mean("ndcg@10"))
        .isEqualTo(judged.heldOut().get("bm25").mean("ndcg@10"));
    double tuned = free.heldOut().get("tuned: " + free.best().describe()).mean("ndcg@10");
    assertThat(tuned).isGreaterThan(free.heldOut().get("dense").mean("ndcg@10"));
    assertThat(tuned).isGreaterThanOrEqualTo(free.heldOut().get("bm25").mean("ndcg@10") - 1e-9);
    assertThat(free.best()).isEqualTo(free.ranking().getFirst().settings());
    Tuning.Result alone = tuning.tuneLabelFree(pseudo, null, bm25, dense, null, 3);
    assertThat(alone.heldOutQueries()).isEqualTo(Tuning.half(pseudo.qrels(), 3, false).size());
    assertThat(alone.best()).isEqualTo(free.best());
    // guarded: the defaults stay unless the best beats them clearly on the pseudo-queries
    Tuning.Result guarded =
        tuning.tuneLabelFree(
            new PseudoQueries.Hidden(pseudo, Map.of()), real, bm25, dense, null, 3, true);
    if (guarded.best().equals(RetrievalSettings.DEFAULTS)
        && !free.best().equals(RetrievalSettings.DEFAULTS))
      assertThat(guarded.heldOut()).containsKey("unguarded: " + free.best().describe());
    else assertThat(guarded.best()).isEqualTo(free.best());
  }

  @Test
  void onlyAConsistentGainCountsAsClearlyBetter() {
    Metric ndcg = Metric.parse("ndcg@10");
    Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
    Map<String, List<String>> hit = new LinkedHashMap<>(), miss = new LinkedHashMap<>();
    Map<String, List<String>> mixed = new LinkedHashMap<>();
    for (int i = 0; i < 40; i++) {
      qrels.put("q" + i, Map.of("d" + i, 1));
      hit.put("q" + i, List.of("d" + i));
      miss.put("q" + i, List.of("x"));
      // finds 21 of 40 where the other finds 20: a gain of one query in forty
      mixed.put("q" + i, List.of(i < 21 ? "d" + i : "x"));
    }
    List<Metric> m = List.of(ndcg);
    RetrievalReport all = RetrievalReport.evaluate(qrels, hit, m);
    RetrievalReport none = RetrievalReport.evaluate(qrels, miss, m);
    Map<String, List<String>> half = new LinkedHashMap<>();
    for (int i = 0; i < 40; i++) half.put("q" + i, List.of(i < 20 ? "d" + i : "x"));
    RetrievalReport twenty = RetrievalReport.evaluate(qrels, half, m);
    RetrievalReport twentyOne = RetrievalReport.evaluate(qrels, mixed, m);
    assertThat(Tuning.clearlyBetter(all, none, ndcg)).isTrue();
    assertThat(Tuning.clearlyBetter(none, all, ndcg)).isFalse();
    assertThat(Tuning.clearlyBetter(all, all, ndcg)).isFalse();
    assertThat(Tuning.clearlyBetter(twentyOne, twenty, ndcg)).isFalse();
    assertThat(Tuning.clearlyBetter(all, twenty, ndcg)).isTrue();
  }

  @Test
  void theSplitDependsOnTheSeedAndTheIdOnly() {
    int dev = 0;
    for (int i = 0; i < 1000; i++) {
      assertThat(Tuning.inDev("q" + i, 3)).isEqualTo(Tuning.inDev("q" + i, 3));
      if (Tuning.inDev("q" + i, 3)) dev++;
    }
    assertThat(dev).isBetween(450, 550);
    int moved = 0;
    for (int i = 0; i < 1000; i++)
      if (Tuning.inDev("q" + i, 3) != Tuning.inDev("q" + i, 4)) moved++;
    assertThat(moved).isBetween(400, 600);
  }
}
