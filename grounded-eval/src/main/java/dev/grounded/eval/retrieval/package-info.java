/**
 * Retrieval metrics with trec_eval's definitions, as BEIR reports them (nDCG with linear gain,
 * recall, MRR, precision and MAP, each cut at k), and reports that average them over a run's
 * queries.
 *
 * <p>A ranking is a list of document ids, best first, without repeats (collapse chunk hits to
 * documents with {@link dev.grounded.eval.retrieval.RetrievalMetrics#distinct}); qrels map document
 * id to relevance, where only values above 0 count as relevant. {@link
 * dev.grounded.eval.retrieval.RetrievalReport#evaluate} averages over the queries with at least one
 * judgement; a query the run did not answer scores 0 (as {@code trec_eval -c} counts it).
 *
 * <p>{@link dev.grounded.eval.retrieval.Tuning} chooses a hybrid fusion setting on a dev half of
 * judged queries, or label-free on {@link dev.grounded.eval.retrieval.PseudoQueries} made from the
 * corpus, and reports it on a held-out half; it calls the retrievers it is given from the calling
 * thread.
 *
 * <p>Everything else here is a pure function or an immutable record: safe from any thread.
 */
package dev.grounded.eval.retrieval;
