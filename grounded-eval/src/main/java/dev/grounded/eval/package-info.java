/**
 * Evaluation data sets: reading BEIR-format collections ({@code corpus.jsonl}, {@code
 * queries.jsonl}, {@code qrels/*.tsv}).
 *
 * <p>{@link dev.grounded.eval.BeirReader} reads each file alone (the corpus also as a stream, for
 * corpora that do not fit in memory); {@link dev.grounded.eval.BeirDataset#read} reads a whole
 * split and checks that every judged query has a text. Ids stay strings, even numeric ones. Bad
 * input is a {@link dev.grounded.core.GroundedException} with {@code INVALID_REQUEST} whose message
 * names the file and the 1-based line and says what is wrong.
 *
 * <p>The readers hold no state and may be called from any thread; the records are immutable.
 * Measures and reports live in {@link dev.grounded.eval.retrieval}.
 */
package dev.grounded.eval;
