package dev.grounded.core;

/**
 * Counts model tokens in a text, so stages that bound sizes (the chunker) agree with the embedding
 * model.
 */
@FunctionalInterface
public interface TokenCounter {
  int count(String text);
}
