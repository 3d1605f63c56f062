package dev.grounded.answer;

import dev.grounded.core.Answer;

/**
 * Checks an answer against its sources and returns the answer keeping only what is supported:
 * sentences whose citations do not hold are dropped, and an answer left with nothing abstains.
 */
@FunctionalInterface
public interface CitationVerifier {
  Answer verify(Answer answer);
}
