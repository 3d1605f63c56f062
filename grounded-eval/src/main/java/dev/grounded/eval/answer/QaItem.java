package dev.grounded.eval.answer;

import java.util.List;
import java.util.Objects;

/**
 * One question of a QA data set: its gold answers (empty when {@code answerable} is false), the ids
 * of the contexts that hold the answer (may be empty when unknown), and whether it can be answered
 * from the corpus at all.
 */
public record QaItem(
    String id, String question, List<String> answers, List<String> contextIds, boolean answerable) {
  public QaItem {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(question, "question");
    answers = List.copyOf(answers);
    contextIds = List.copyOf(contextIds);
    if (answerable && answers.isEmpty())
      throw new IllegalArgumentException("question " + id + " is answerable but has no answer");
  }
}
