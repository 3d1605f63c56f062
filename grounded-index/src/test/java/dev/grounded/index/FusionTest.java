package dev.grounded.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.grounded.core.Chunk;
import dev.grounded.core.Hit;
import dev.grounded.core.Location;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FusionTest {
  private static Hit hit(String id, double score) {
    return new Hit(new Chunk(id, id, 0, id, new Location(0, List.of(), 0, id.length())), score);
  }

  @Test
  void rrfAddsReciprocalRanksAcrossRankings() {
    // a: 1/(60+1) + 1/(60+2); b: 1/(60+2); c: 1/(60+1)
    List<Hit> fused =
        new ReciprocalRankFusion(60)
            .fuse(
                List.of(List.of(hit("a", 9), hit("b", 5)), List.of(hit("c", 0.9), hit("a", 0.8))),
                10);
    assertThat(fused).extracting(h -> h.chunk().documentId()).containsExactly("a", "c", "b");
    assertThat(fused.get(0).score()).isCloseTo(1.0 / 61 + 1.0 / 62, within(1e-12));
    assertThat(fused.get(1).score()).isCloseTo(1.0 / 61, within(1e-12));
    assertThat(fused.get(2).score()).isCloseTo(1.0 / 62, within(1e-12));
  }

  @Test
  void weightedRrfScalesEachRankingsReciprocalRanksAndHalfIsTheUnweightedMethod() {
    List<List<Hit>> rankings =
        List.of(List.of(hit("a", 9), hit("b", 5)), List.of(hit("c", 0.9), hit("a", 0.8)));
    // dense weight 0.75: bm25 counts 2 * 0.25 = 0.5, dense 2 * 0.75 = 1.5
    List<Hit> fused = ReciprocalRankFusion.of(10, 0.75).fuse(rankings, 10);
    assertThat(fused).extracting(h -> h.chunk().documentId()).containsExactly("a", "c", "b");
    assertThat(fused.get(0).score()).isCloseTo(0.5 / 11 + 1.5 / 12, within(1e-12));
    assertThat(fused.get(1).score()).isCloseTo(1.5 / 11, within(1e-12));
    assertThat(fused.get(2).score()).isCloseTo(0.5 / 12, within(1e-12));
    // all weight on dense: its order alone decides, BM25-only hits trail with 0
    assertThat(ReciprocalRankFusion.of(10, 1.0).fuse(rankings, 2))
        .extracting(h -> h.chunk().documentId())
        .containsExactly("c", "a");
    assertThat(ReciprocalRankFusion.of(60, 0.5).fuse(rankings, 10))
        .isEqualTo(new ReciprocalRankFusion(60).fuse(rankings, 10));
    assertThatThrownBy(() -> ReciprocalRankFusion.of(10, 0.5).fuse(List.of(rankings.get(0)), 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 rankings but 2 weights");
    assertThatThrownBy(() -> ReciprocalRankFusion.of(10, 1.5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void linearFusionMinMaxNormalizesEachRankingBeforeWeighting() {
    // bm25: a=10 -> 1, b=5 -> 0 ; dense: b=0.9 -> 1, c=0.5 -> 0 ; w=0.25 dense
    List<Hit> fused =
        LinearFusion.of(0.25)
            .fuse(
                List.of(List.of(hit("a", 10), hit("b", 5)), List.of(hit("b", 0.9), hit("c", 0.5))),
                10);
    assertThat(fused).extracting(h -> h.chunk().documentId()).containsExactly("a", "b", "c");
    assertThat(fused.get(0).score()).isCloseTo(0.75, within(1e-12));
    assertThat(fused.get(1).score()).isCloseTo(0.25, within(1e-12));
    assertThat(fused.get(2).score()).isCloseTo(0.0, within(1e-12));
  }

  @Test
  void zScoreFusionStandardizesEachRankingAndGivesAMissingChunkThatRankingsLowestZ() {
    // bm25: a=3, b=1 -> mean 2, sd 1 -> z 1, -1; dense: b=0.9, c=0.5 -> z 1, -1; w=0.25 dense
    List<Hit> fused =
        ZScoreFusion.of(0.25)
            .fuse(
                List.of(List.of(hit("a", 3), hit("b", 1)), List.of(hit("b", 0.9), hit("c", 0.5))),
                10);
    assertThat(fused).extracting(h -> h.chunk().documentId()).containsExactly("a", "b", "c");
    assertThat(fused.get(0).score()).isCloseTo(0.75 * 1 + 0.25 * -1, within(1e-12));
    assertThat(fused.get(1).score()).isCloseTo(0.75 * -1 + 0.25 * 1, within(1e-12));
    assertThat(fused.get(2).score()).isCloseTo(0.75 * -1 + 0.25 * -1, within(1e-12));
    // one candidate (no spread) or an empty ranking: z 0, nothing divides by zero
    assertThat(ZScoreFusion.of(0.5).fuse(List.of(List.of(hit("a", 7)), List.of()), 10))
        .extracting(Hit::score)
        .containsExactly(0.0);
    assertThatThrownBy(() -> ZScoreFusion.of(-0.1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theDefaultFusionKeepsABm25TopThatStandsOutWhereEqualRrfWouldDemoteIt() {
    // BM25 singles out "a" (10 against 2.2 and below); dense has "a" fourth in a flat list
    List<Hit> bm25 = new ArrayList<>();
    bm25.add(hit("a", 10));
    List<Hit> dense = new ArrayList<>();
    String[] rest = {"c", "d", "e", "f", "g", "h", "i", "j", "b"};
    for (int i = 0; i < rest.length; i++) bm25.add(hit(rest[i], 2.2 - 0.1 * i));
    String[] denseOrder = {"c", "d", "e", "a", "f", "g", "h", "i", "j", "b"};
    for (int i = 0; i < denseOrder.length; i++) dense.add(hit(denseOrder[i], 0.86 - 0.005 * i));
    List<List<Hit>> rankings = List.of(bm25, dense);
    assertThat(
            RetrievalSettings.DEFAULTS.fusion().fuse(rankings, 1).getFirst().chunk().documentId())
        .isEqualTo("a");
    assertThat(new ReciprocalRankFusion(60).fuse(rankings, 1).getFirst().chunk().documentId())
        .isEqualTo("c");
    // the same BM25 order with evenly spaced scores (no top standing out) leaves it to dense
    List<Hit> flat = new ArrayList<>();
    for (int i = 0; i < bm25.size(); i++)
      flat.add(hit(bm25.get(i).chunk().documentId(), 2 - 0.1 * i));
    assertThat(RetrievalSettings.DEFAULTS.fusion().fuse(List.of(flat, dense), 1))
        .extracting(h -> h.chunk().documentId())
        .containsExactly("c");
  }

  @Test
  void fusionInvariantsHoldOnRandomRankings() {
    long seed = Long.getLong("tests.seed", System.nanoTime());
    Random r = new Random(seed);
    for (int round = 0; round < 200; round++) {
      List<List<Hit>> rankings = new ArrayList<>();
      Set<String> all = new HashSet<>();
      for (int k = 0; k < 2; k++) {
        List<Hit> ranking = new ArrayList<>();
        Set<String> used = new HashSet<>();
        int n = r.nextInt(20);
        double score = 100;
        for (int i = 0; i < n; i++) {
          String id = "d" + r.nextInt(30);
          if (!used.add(id)) continue;
          score -= r.nextDouble();
          ranking.add(hit(id, score));
          all.add(id);
        }
        rankings.add(ranking);
      }
      int k = 1 + r.nextInt(25);
      for (Fusion f :
          List.of(
              new ReciprocalRankFusion(60),
              ReciprocalRankFusion.of(1 + r.nextInt(100), r.nextDouble()),
              LinearFusion.of(r.nextDouble()),
              ZScoreFusion.of(r.nextDouble()))) {
        List<Hit> fused = f.fuse(rankings, k);
        String why = "seed=" + seed + " (re-run with -Dtests.seed=" + seed + ") fusion=" + f;
        assertThat(fused).as(why).hasSize(Math.min(k, all.size()));
        assertThat(fused.stream().map(h -> h.chunk().id()).distinct().count())
            .as(why)
            .isEqualTo(fused.size());
        for (int i = 1; i < fused.size(); i++) {
          assertThat(fused.get(i).score()).as(why).isLessThanOrEqualTo(fused.get(i - 1).score());
        }
        // a chunk ranked first by every ranking that has it, and present in all, is fused first
        if (!rankings.get(0).isEmpty()
            && !rankings.get(1).isEmpty()
            && rankings
                .get(0)
                .getFirst()
                .chunk()
                .id()
                .equals(rankings.get(1).getFirst().chunk().id())) {
          assertThat(fused.getFirst().chunk().id())
              .as(why)
              .isEqualTo(rankings.get(0).getFirst().chunk().id());
        }
      }
    }
  }
}
