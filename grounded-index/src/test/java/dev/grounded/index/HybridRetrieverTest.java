package dev.grounded.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grounded.core.Chunk;
import dev.grounded.core.Hit;
import dev.grounded.core.Location;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HybridRetrieverTest {
  private static final float[] VECTOR = new float[TestChunks.DIM];

  /** A ranking of 300 chunks with skewed scores, the same for every request, cut to k. */
  private static Retriever ranking(long seed) {
    Random random = new Random(seed);
    List<Hit> hits = new ArrayList<>();
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < 400; i++) ids.add(i);
    java.util.Collections.shuffle(ids, random);
    double score = 30;
    for (int i = 0; i < 300; i++) {
      String id = "d" + ids.get(i);
      hits.add(new Hit(new Chunk(id, id, 0, id, new Location(0, List.of(), 0, 1)), score));
      score -= random.nextDouble() * (i < 5 ? 3 : 0.05);
    }
    return q -> List.copyOf(hits.subList(0, Math.min(q.k(), hits.size())));
  }

  private static List<String> ids(List<Hit> hits) {
    return hits.stream().map(h -> h.chunk().id()).toList();
  }

  @Test
  void aDeepRequestStartsWithWhatARequestAtTheFusionDepthReturns() {
    Retriever bm25 = ranking(1), dense = ranking(2);
    for (Fusion fusion :
        List.of(ZScoreFusion.of(0.7), LinearFusion.of(0.5), new ReciprocalRankFusion(60))) {
      HybridRetriever hybrid = new HybridRetriever(List.of(bm25, dense), fusion, 50);
      List<Hit> atDepth = hybrid.retrieve(new SearchQuery("q", VECTOR, 50));
      List<Hit> deep = hybrid.retrieve(new SearchQuery("q", VECTOR, 200));
      assertThat(deep).hasSize(200);
      assertThat(deep.subList(0, 50)).as(fusion.toString()).isEqualTo(atDepth);
      assertThat(new HashSet<>(ids(deep))).hasSize(200);
      for (int i = 1; i < deep.size(); i++)
        assertThat(deep.get(i).score()).isLessThanOrEqualTo(deep.get(i - 1).score());
      // a shorter request is a prefix too
      assertThat(hybrid.retrieve(new SearchQuery("q", VECTOR, 10)))
          .isEqualTo(atDepth.subList(0, 10));
    }
  }

  @Test
  void zScoresOverMoreCandidatesWouldOrderTheTopDifferently() {
    // why the head is fused at depth: fusing 200 candidates per ranking changes the top 50 here
    List<List<Hit>> deep =
        List.of(
            ranking(1).retrieve(new SearchQuery("q", VECTOR, 200)),
            ranking(2).retrieve(new SearchQuery("q", VECTOR, 200)));
    List<Hit> naive = ZScoreFusion.of(0.7).fuse(deep, 50);
    List<Hit> atDepth =
        new HybridRetriever(List.of(ranking(1), ranking(2)), ZScoreFusion.of(0.7), 50)
            .retrieve(new SearchQuery("q", VECTOR, 50));
    Set<String> a = new HashSet<>(ids(naive));
    assertThat(ids(naive)).isNotEqualTo(ids(atDepth));
    assertThat(a).isNotEmpty();
  }
}
