package dev.grounded.answer;

import java.util.Objects;

/** A question with its query embedding (computed once, shared by retrieval and generation). */
public record Question(String text, float[] vector) {
  public Question {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(vector, "vector");
  }
}
