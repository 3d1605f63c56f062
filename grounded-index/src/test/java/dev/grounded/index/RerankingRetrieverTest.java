package dev.grounded.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grounded.core.Chunk;
import dev.grounded.core.Hit;
import dev.grounded.core.Location;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RerankingRetrieverTest {
  static Hit hit(String id, String text, double score) {
    return new Hit(new Chunk(id, id, 0, text, new Location(0, List.of(), 0, text.length())), score);
  }

  /** Six hits in retrieval order; the text length is what the reranker below prefers. */
  static final List<Hit> HITS =
      List.of(
          hit("a", "a", 6),
          hit("b", "bbbb", 5),
          hit("c", "cc", 4),
          hit("d", "dddddd", 3),
          hit("e", "eeeee", 2),
          hit("f", "fff", 1));

  final AtomicInteger asked = new AtomicInteger();

  /** A reranker preferring longer chunks, counting the hits it reads. */
  final Reranker longestFirst =
      (query, hits) -> {
        asked.addAndGet(hits.size());
        List<Hit> out = new ArrayList<>();
        for (Hit h : hits) out.add(new Hit(h.chunk(), h.chunk().text().length()));
        out.sort(Comparator.comparingDouble(Hit::score).reversed());
        return out;
      };

  static final Retriever FIXED = q -> HITS.subList(0, Math.min(q.k(), HITS.size()));

  static List<String> ids(List<Hit> hits) {
    return hits.stream().map(h -> h.chunk().documentId()).toList();
  }

  @Test
  void theFirstDepthHitsAreReorderedAndTheRestFollow() {
    Retriever r = new RerankingRetriever(FIXED, longestFirst, 3);
    assertThat(ids(r.retrieve(SearchQuery.lexical("q", 6))))
        .containsExactly("b", "c", "a", "d", "e", "f");
    assertThat(asked).hasValue(3);
    List<Hit> all = r.retrieve(SearchQuery.lexical("q", 6));
    for (int i = 1; i < all.size(); i++)
      assertThat(all.get(i).score()).as("scores descend").isLessThan(all.get(i - 1).score());
    assertThat(all.get(3).score() - all.get(4).score())
        .as("the tail keeps its spacing")
        .isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
    // fewer hits wanted than reranked: still depth candidates, the best of them returned
    assertThat(ids(r.retrieve(SearchQuery.lexical("q", 1)))).containsExactly("b");
    // a deeper rerank finds the longest chunk further down
    Retriever deep = new RerankingRetriever(FIXED, longestFirst, 6);
    assertThat(ids(deep.retrieve(SearchQuery.lexical("q", 2)))).containsExactly("d", "e");
    assertThat(deep.retrieve(SearchQuery.lexical("q", 2)).getFirst().score()).isEqualTo(6.0);
  }

  @Test
  void fewerHitsThanTheDepthAndBadArguments() {
    Retriever r = new RerankingRetriever(q -> HITS.subList(0, 2), longestFirst, 10);
    assertThat(ids(r.retrieve(SearchQuery.lexical("q", 5)))).containsExactly("b", "a");
    assertThat(
            new RerankingRetriever(q -> List.of(), longestFirst, 10)
                .retrieve(SearchQuery.lexical("q", 5)))
        .isEmpty();
    assertThatThrownBy(() -> new RerankingRetriever(FIXED, longestFirst, 0))
        .isInstanceOf(IllegalArgumentException.class);
    Retriever lossy = new RerankingRetriever(FIXED, (q, hits) -> hits.subList(0, 1), 3);
    assertThatThrownBy(() -> lossy.retrieve(SearchQuery.lexical("q", 3)))
        .isInstanceOf(IllegalStateException.class);
  }
}
