package dev.grounded.eval.retrieval;

import dev.grounded.core.Hit;
import dev.grounded.embed.Embedder;
import dev.grounded.eval.BeirDataset;
import dev.grounded.index.Retriever;
import dev.grounded.index.SearchMode;
import dev.grounded.index.SearchQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Runs the evaluated queries of a data set through one retriever per mode and scores the rankings.
 * Retrieval returns chunks; a document ranks by its best chunk, so chunks are fetched deeper than
 * the deepest document cut-off until that many distinct documents are found (see {@link
 * #rankDocuments}).
 */
public final class RetrievalEvaluation {
  static final int CHUNKS_PER_DOCUMENT = 2;

  private final Embedder embedder;
  private final List<Metric> metrics;

  public RetrievalEvaluation(Embedder embedder, List<Metric> metrics) {
    this.embedder = Objects.requireNonNull(embedder, "embedder");
    this.metrics = List.copyOf(metrics);
  }

  /** Scores each mode; {@code retrievers} gives the retriever of a mode. */
  public Map<SearchMode, RetrievalReport> evaluate(
      BeirDataset data, List<SearchMode> modes, Function<SearchMode, Retriever> retrievers) {
    Map<String, String> queries = data.evaluatedQueries();
    Map<String, float[]> vectors = new LinkedHashMap<>();
    if (modes.stream().anyMatch(SearchMode::needsVector)) {
      queries.forEach((id, text) -> vectors.put(id, embedder.embedQuery(text)));
    }
    int depth = metrics.stream().mapToInt(Metric::k).max().orElse(10);
    Map<SearchMode, RetrievalReport> out = new LinkedHashMap<>();
    for (SearchMode mode : modes) {
      Retriever retriever = retrievers.apply(mode);
      Map<String, List<String>> run = new LinkedHashMap<>();
      queries.forEach(
          (id, text) -> {
            float[] v = mode.needsVector() ? vectors.get(id) : new float[0];
            run.put(id, rankDocuments(retriever, new SearchQuery(text, v, depth), depth));
          });
      out.put(mode, RetrievalReport.evaluate(data.qrels(), run, metrics));
    }
    return out;
  }

  /**
   * The first {@code depth} distinct documents: asks for {@link #CHUNKS_PER_DOCUMENT}x as many
   * chunks, and twice as many again while long documents fill the list with their chunks and the
   * index has more to give.
   */
  static List<String> rankDocuments(Retriever retriever, SearchQuery query, int depth) {
    int chunks = depth * CHUNKS_PER_DOCUMENT;
    while (true) {
      List<Hit> hits = retriever.retrieve(query.withK(chunks));
      List<String> docs = documents(hits, depth);
      if (docs.size() >= depth || hits.size() < chunks || chunks >= MAX_CHUNKS) return docs;
      chunks *= 2;
    }
  }

  static final int MAX_CHUNKS = 10_000;

  /** Document ids in order of their best chunk, at most {@code depth}. */
  static List<String> documents(List<Hit> hits, int depth) {
    Set<String> ids = new LinkedHashSet<>();
    for (Hit h : hits) {
      if (ids.size() == depth) break;
      ids.add(h.chunk().documentId());
    }
    return new ArrayList<>(ids);
  }
}
