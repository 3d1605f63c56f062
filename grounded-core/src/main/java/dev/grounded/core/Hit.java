package dev.grounded.core;

import java.util.Objects;

/** A chunk found by a search, with the score of the stage that ranked it (higher is better). */
public record Hit(Chunk chunk, double score) {
  public Hit {
    Objects.requireNonNull(chunk, "chunk");
    if (Double.isNaN(score)) throw new IllegalArgumentException("score is NaN");
  }

  public Hit withScore(double newScore) {
    return new Hit(chunk, newScore);
  }
}
