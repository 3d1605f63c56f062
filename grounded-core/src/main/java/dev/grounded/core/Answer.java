package dev.grounded.core;

import java.util.List;
import java.util.Objects;

/**
 * A grounded answer. Every sentence of {@code text} carries one or more markers {@code [n]} that
 * refer to {@link Citation#n()}. When {@code abstained} is true, the text says the documents do not
 * answer the question and citations may be empty. {@code withheld} names the retrieved chunks the
 * guardrails kept out of the context (a suspected injection), so a reader knows what was not used.
 */
public record Answer(
    String text, boolean abstained, List<Citation> citations, List<Withheld> withheld) {
  public static final String ABSTENTION = "The documents do not answer this.";

  public Answer {
    Objects.requireNonNull(text, "text");
    citations = List.copyOf(citations);
    withheld = List.copyOf(withheld);
  }

  /** An answer that withheld nothing. */
  public Answer(String text, boolean abstained, List<Citation> citations) {
    this(text, abstained, citations, List.of());
  }

  /** The same answer, naming {@code chunks} as withheld from its context. */
  public Answer withWithheld(List<Withheld> chunks) {
    return new Answer(text, abstained, citations, chunks);
  }

  public static Answer abstain() {
    return new Answer(ABSTENTION, true, List.of());
  }
}
