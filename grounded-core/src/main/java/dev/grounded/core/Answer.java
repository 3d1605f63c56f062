package dev.grounded.core;

import java.util.List;
import java.util.Objects;

/**
 * A grounded answer. Every sentence of {@code text} carries one or more markers {@code [n]} that
 * refer to {@link Citation#n()}. When {@code abstained} is true, the text says the documents do not
 * answer the question and citations may be empty.
 */
public record Answer(String text, boolean abstained, List<Citation> citations) {
  public static final String ABSTENTION = "The documents do not answer this.";

  public Answer {
    Objects.requireNonNull(text, "text");
    citations = List.copyOf(citations);
  }

  public static Answer abstain() {
    return new Answer(ABSTENTION, true, List.of());
  }
}
