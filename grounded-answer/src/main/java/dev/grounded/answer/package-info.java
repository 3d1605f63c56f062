/**
 * Grounded answers: {@link dev.grounded.answer.Asker#ask} embeds the question, retrieves chunks,
 * lets a {@link dev.grounded.answer.Generator} write an answer whose every sentence carries a
 * citation marker, and has a {@link dev.grounded.answer.CitationVerifier} drop whatever its sources
 * do not support.
 *
 * <p>{@link dev.grounded.answer.ExtractiveGenerator} is the offline default: it quotes sentences
 * verbatim and abstains when its best sentence is unlikely to answer the question (its {@link
 * dev.grounded.answer.Answerability} features, scored by the {@link
 * dev.grounded.answer.AnswerabilityModel}); its citations are checked by the {@link
 * dev.grounded.answer.QuoteVerifier}. {@link dev.grounded.answer.LlmGenerator} asks a model behind
 * an OpenAI-compatible endpoint, and the {@link dev.grounded.answer.SupportVerifier} keeps only the
 * sentences a cited chunk supports ({@link dev.grounded.answer.SupportChecker}, offline {@link
 * dev.grounded.answer.LexicalSupport}). Generators and verifiers are stateless and thread-safe.
 */
package dev.grounded.answer;
