package dev.grounded.server;

import dev.grounded.answer.AskGuard;
import dev.grounded.answer.AskStages;
import dev.grounded.answer.Asker;
import dev.grounded.answer.LlmGenerator;
import dev.grounded.core.Answer;
import dev.grounded.core.Hit;
import dev.grounded.guard.GuardScope;
import dev.grounded.index.Filter;
import dev.grounded.index.LuceneSearcher;
import dev.grounded.index.Reranker;
import dev.grounded.index.RerankingRetriever;
import dev.grounded.index.RetrievalSettings;
import dev.grounded.index.Retriever;
import dev.grounded.index.SearchMode;
import dev.grounded.index.SearchQuery;
import dev.grounded.ingest.CollectionId;
import java.util.List;

/** Runs searches and asks against a collection's current searcher. Wiring only. */
final class Answering {
  static final int DEFAULT_K = 5;
  private final Services services;

  Answering(Services services) {
    this.services = services;
  }

  Answer ask(
      String requestId,
      CollectionId collection,
      String question,
      int k,
      SearchMode mode,
      Filter filter) {
    try (LuceneSearcher searcher = services.knowledge().searcher(collection.key())) {
      Retriever retriever = filtered(retriever(collection, searcher, mode), filter);
      return services
          .askers()
          .apply(retriever, searcher.termStatistics())
          .withGuard(askGuard(requestId, collection))
          .withStages(services.askStages())
          .ask(question, k);
    }
  }

  /**
   * An answer by a model over the collection's retriever; {@code generator} makes the generator
   * from the content version of the very commit the answer is built from.
   */
  Answer askWithModel(
      String requestId,
      CollectionId collection,
      String question,
      int k,
      SearchMode mode,
      Filter filter,
      java.util.function.Function<String, LlmGenerator> generator) {
    try (LuceneSearcher searcher = services.knowledge().searcher(collection.key())) {
      Retriever retriever = filtered(retriever(collection, searcher, mode), filter);
      return Asker.withModel(
              services.embedder(), retriever, generator.apply(searcher.contentVersion()))
          .withGuard(askGuard(requestId, collection))
          .withStages(services.askStages())
          .ask(question, k);
    }
  }

  /** An answer with its retrieved context (for evaluation), over the collection's settings. */
  Asker.Asked askWithContext(String requestId, CollectionId collection, String question, int k) {
    try (LuceneSearcher searcher = services.knowledge().searcher(collection.key())) {
      return services
          .askers()
          .apply(retriever(collection, searcher, SearchMode.HYBRID), searcher.termStatistics())
          .withGuard(askGuard(requestId, collection))
          .withStages(services.askStages())
          .askWithContext(question, k);
    }
  }

  /**
   * The guardrails on the question and the retrieved chunks, under the policy for {@code
   * rag:<collection>}; every chunk of an untrusted collection is treated as untrusted; what they do
   * is reported with the request id.
   */
  private AskGuard askGuard(String requestId, CollectionId collection) {
    return AskGuard.of(
            services.guardrails(),
            new GuardScope(collection.tenant(), "rag:" + collection.name()),
            services.knowledge().untrusted(collection.key()))
        .reportingTo(requestId, services.guardEvents());
  }

  List<Hit> search(CollectionId collection, String query, int k, SearchMode mode, Filter filter) {
    try (LuceneSearcher searcher = services.knowledge().searcher(collection.key())) {
      float[] vector = mode.needsVector() ? services.embedder().embedQuery(query) : new float[0];
      return retriever(collection, searcher, mode)
          .retrieve(new SearchQuery(query, vector, k, filter));
    }
  }

  /**
   * The collection's saved retrieval settings (else the default fusion) for a hybrid search,
   * reranked when the server has a reranker.
   */
  private Retriever retriever(CollectionId collection, LuceneSearcher searcher, SearchMode mode) {
    RetrievalSettings s = services.knowledge().retrievalSettings(collection.key());
    SearchMode m = mode == null ? SearchMode.HYBRID : mode;
    Retriever base = searcher.retriever(m, s.fusion(), s.depth());
    if (services.reranker() == null || m != SearchMode.HYBRID) return base;
    Reranker reranker = services.reranker();
    AskStages stages = services.askStages();
    Reranker observed =
        stages == AskStages.NONE
            ? reranker
            : (query, hits) -> stages.run(AskStages.RERANK, () -> reranker.rerank(query, hits));
    return new RerankingRetriever(base, observed, s.rerankDepthOrDefault());
  }

  private static Retriever filtered(Retriever retriever, Filter filter) {
    if (filter == null || filter.isEmpty()) return retriever;
    return query -> retriever.retrieve(query.withFilter(filter));
  }
}
