package dev.grounded.embed;

import java.util.List;

/**
 * Turns text into dense vectors for similarity search. Vectors are L2-normalized, so a dot product
 * is their cosine. Implementations are thread-safe.
 */
public interface Embedder {
  /**
   * Embeds passages (documents, chunks) for indexing.
   *
   * @return one vector of {@link #dimensions()} floats per text, in input order; an empty list for
   *     no texts
   */
  List<float[]> embed(List<String> texts);

  /** Embeds a search query, adding the model's query instruction where it has one. */
  float[] embedQuery(String query);

  /** Length of every vector this embedder returns. */
  int dimensions();
}
