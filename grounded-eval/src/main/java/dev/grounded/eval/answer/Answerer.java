package dev.grounded.eval.answer;

import dev.grounded.answer.Asker;

/** What is evaluated: a question in, a (possibly abstaining) answer and its context out. */
@FunctionalInterface
public interface Answerer {
  Asker.Asked answer(String question);
}
