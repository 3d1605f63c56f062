package dev.grounded.eval.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grounded.core.Chunk;
import dev.grounded.core.Hit;
import dev.grounded.core.Location;
import dev.grounded.index.Retriever;
import dev.grounded.index.SearchQuery;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RankDocumentsTest {
  /**
   * An index of {@code docs} documents with {@code chunksEach} chunks, ranked document by document.
   */
  private static Retriever index(int docs, int chunksEach, List<Integer> asked) {
    return q -> {
      asked.add(q.k());
      List<Hit> hits = new ArrayList<>();
      for (int d = 0; d < docs && hits.size() < q.k(); d++) {
        for (int c = 0; c < chunksEach && hits.size() < q.k(); c++) {
          String text = "d" + d + " c" + c;
          hits.add(
              new Hit(
                  new Chunk(
                      "d" + d, "d" + d, c, text, new Location(0, List.of(), 0, text.length())),
                  1));
        }
      }
      return hits;
    };
  }

  @Test
  void longDocumentsMakeItAskForMoreChunksUntilItHasEnoughDocuments() {
    List<Integer> asked = new ArrayList<>();
    List<String> docs =
        RetrievalEvaluation.rankDocuments(index(500, 5, asked), SearchQuery.lexical("q", 100), 100);
    assertThat(docs).hasSize(100).startsWith("d0", "d1").endsWith("d99");
    assertThat(asked).containsExactly(200, 400, 800);
  }

  @Test
  void aSmallIndexStopsAtWhatItHas() {
    List<Integer> asked = new ArrayList<>();
    List<String> docs =
        RetrievalEvaluation.rankDocuments(index(30, 3, asked), SearchQuery.lexical("q", 100), 100);
    assertThat(docs).hasSize(30);
    assertThat(asked).containsExactly(200);
  }
}
