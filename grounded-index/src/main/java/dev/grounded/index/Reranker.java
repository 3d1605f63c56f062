package dev.grounded.index;

import dev.grounded.core.Hit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Orders retrieved chunks again by a closer reading of each against the query (a cross-encoder,
 * say). Returns the same hits, best first, each with the reranker's score. Thread-safe.
 */
@FunctionalInterface
public interface Reranker {
  List<Hit> rerank(String query, List<Hit> hits);

  /** Scores texts against a query, one score per text in order, higher is better. */
  @FunctionalInterface
  interface Scorer {
    float[] score(String query, List<String> texts);
  }

  /**
   * A reranker that scores each hit's {@link dev.grounded.core.Chunk#contextualText()} (headings
   * and text, as indexed) with {@code scorer}, a cross-encoder say, and sorts by that score; equal
   * scores keep the retrieval order.
   */
  static Reranker scoring(Scorer scorer) {
    return (query, hits) -> {
      List<String> texts = new ArrayList<>(hits.size());
      for (Hit h : hits) texts.add(h.chunk().contextualText());
      float[] scores = scorer.score(query, texts);
      if (scores.length != hits.size())
        throw new IllegalStateException(
            "the scorer returned " + scores.length + " scores for " + hits.size() + " texts");
      List<Hit> out = new ArrayList<>(hits.size());
      for (int i = 0; i < hits.size(); i++) out.add(new Hit(hits.get(i).chunk(), scores[i]));
      out.sort(Comparator.comparingDouble(Hit::score).reversed());
      return out;
    };
  }
}
