package dev.grounded.eval;

import dev.grounded.core.GroundedException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A BEIR data set held in memory: the corpus, the queries and the relevance judgements (qrels) of
 * one split.
 *
 * <p>Only queries that have at least one qrel are evaluated ({@link #evaluatedQueryIds()}); every
 * such query must have a text in {@code queries}. Maps keep the order of the files they were read
 * from.
 *
 * @param corpus the documents, in file order
 * @param queries query id to query text
 * @param qrels query id to (document id to relevance); relevance above 0 means relevant
 */
public record BeirDataset(
    List<BeirDocument> corpus,
    Map<String, String> queries,
    Map<String, Map<String, Integer>> qrels) {
  public BeirDataset {
    corpus = List.copyOf(Objects.requireNonNull(corpus, "corpus"));
    queries =
        Collections.unmodifiableMap(
            new LinkedHashMap<>(Objects.requireNonNull(queries, "queries")));
    qrels = copyQrels(Objects.requireNonNull(qrels, "qrels"));
    Optional<String> missing = missingQuery(queries, qrels);
    if (missing.isPresent()) {
      throw GroundedException.invalid(
          "qrels", "qrels name query id '" + missing.get() + "' that has no query text");
    }
  }

  /**
   * Reads a whole split; for a corpus too big for memory use {@link BeirReader#forEachDocument}
   * instead.
   */
  public static BeirDataset read(Path corpusJsonl, Path queriesJsonl, Path qrelsTsv) {
    Map<String, String> queries = BeirReader.readQueries(queriesJsonl);
    Map<String, Map<String, Integer>> qrels = BeirReader.readQrels(qrelsTsv);
    Optional<String> missing = missingQuery(queries, qrels);
    if (missing.isPresent()) {
      throw GroundedException.invalid(
          qrelsTsv.toString(),
          qrelsTsv + ": query id '" + missing.get() + "' is not in " + queriesJsonl);
    }
    return new BeirDataset(BeirReader.readCorpus(corpusJsonl), queries, qrels);
  }

  /** Ids of the queries to evaluate: those with at least one qrel, in qrels file order. */
  public List<String> evaluatedQueryIds() {
    return List.copyOf(qrels.keySet());
  }

  /** The evaluated queries, id to text, in qrels file order. */
  public Map<String, String> evaluatedQueries() {
    Map<String, String> evaluated = new LinkedHashMap<>();
    for (String id : qrels.keySet()) evaluated.put(id, queries.get(id));
    return Collections.unmodifiableMap(evaluated);
  }

  private static Map<String, Map<String, Integer>> copyQrels(
      Map<String, Map<String, Integer>> qrels) {
    Map<String, Map<String, Integer>> copy = new LinkedHashMap<>();
    qrels.forEach(
        (queryId, judged) -> {
          if (!judged.isEmpty())
            copy.put(queryId, Collections.unmodifiableMap(new LinkedHashMap<>(judged)));
        });
    return Collections.unmodifiableMap(copy);
  }

  private static Optional<String> missingQuery(
      Map<String, String> queries, Map<String, Map<String, Integer>> qrels) {
    return qrels.keySet().stream().filter(id -> !queries.containsKey(id)).findFirst();
  }
}
