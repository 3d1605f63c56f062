package dev.grounded.answer;

import dev.grounded.core.Answer;
import dev.grounded.core.Hit;
import java.util.List;

/**
 * Writes an answer to a question from retrieved chunks only, citing them; abstains when they do not
 * answer it.
 */
@FunctionalInterface
public interface Generator {
  Answer generate(Question question, List<Hit> context);
}
