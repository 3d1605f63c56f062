package dev.grounded.index;

import dev.grounded.core.Chunk;
import dev.grounded.core.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Builders for index tests: documents with given texts and synthetic unit vectors. */
final class TestChunks {
  static final int DIM = 16;

  private TestChunks() {}

  static IndexedDocument document(String id, String hash, String... texts) {
    return document(id, hash, Map.of(), texts);
  }

  static IndexedDocument document(
      String id, String hash, Map<String, String> metadata, String... texts) {
    List<Chunk> chunks = new ArrayList<>();
    List<float[]> vectors = new ArrayList<>();
    int offset = 0;
    for (int i = 0; i < texts.length; i++) {
      chunks.add(
          new Chunk(
              id,
              "/docs/" + id + ".md",
              i,
              texts[i],
              new Location(i + 1, List.of("Title " + id), offset, offset + texts[i].length())));
      vectors.add(vectorFor(texts[i]));
      offset += texts[i].length() + 2;
    }
    return new IndexedDocument(
        id, "/docs/" + id + ".md", "Title " + id, hash, 1, chunks, vectors, metadata);
  }

  /** A deterministic unit vector per text, so the same text always embeds the same. */
  static float[] vectorFor(String text) {
    Random r = new Random(text.hashCode());
    float[] v = new float[DIM];
    double norm = 0;
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) r.nextGaussian();
      norm += v[i] * v[i];
    }
    for (int i = 0; i < DIM; i++) v[i] /= (float) Math.sqrt(norm);
    return v;
  }
}
