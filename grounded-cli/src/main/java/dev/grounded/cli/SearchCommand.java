package dev.grounded.cli;

import dev.grounded.core.Hit;
import dev.grounded.index.LuceneSearcher;
import dev.grounded.index.SearchMode;
import dev.grounded.index.SearchQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    mixinStandardHelpOptions = true,
    name = "search",
    description = "Ranked chunks for a query: BM25, dense (kNN) or hybrid (fused).")
final class SearchCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Mixin RerankOptions rerank;

  @Parameters(paramLabel = "QUERY", arity = "1..*", description = "The query.")
  List<String> words;

  @Option(
      names = "--mode",
      descriptionKey = "search.mode",
      description = "bm25, dense or hybrid (default: ${DEFAULT-VALUE}).")
  String mode;

  @Option(
      names = {"-k", "--top"},
      descriptionKey = "search.top_k",
      description = "Number of chunks (default: ${DEFAULT-VALUE}).")
  int k;

  @Mixin FusionOptions fusion;

  @Option(names = "--json", description = "Print as JSON.")
  boolean json;

  @Override
  public Integer call() {
    SearchMode m = Usage.option(() -> SearchMode.parse(mode));
    String query = String.join(" ", words);
    Checks.query(query);
    Checks.topK(k);
    try (App app = common.app();
        LuceneSearcher searcher = app.kb().searcher(common.collection())) {
      float[] vector = m.needsVector() ? app.embedder().embedQuery(query) : new float[0];
      List<Hit> hits =
          app.retriever(common.collection(), searcher, m, fusion, rerank)
              .retrieve(new SearchQuery(query, vector, k));
      System.out.println(json ? Json.write(Map.of("hits", toJson(hits))) : human(hits));
      return 0;
    }
  }

  static List<Map<String, Object>> toJson(List<Hit> hits) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < hits.size(); i++) {
      Hit h = hits.get(i);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("rank", i + 1);
      m.put("score", h.score());
      m.put("document", h.chunk().source());
      m.put("location", h.chunk().location().display());
      m.put("text", h.chunk().text());
      out.add(m);
    }
    return out;
  }

  private static String human(List<Hit> hits) {
    if (hits.isEmpty()) return "no results";
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < hits.size(); i++) {
      Hit h = hits.get(i);
      sb.append(
          String.format(
              Locale.ROOT,
              "%2d. %.4f  %s  (%s)%n",
              i + 1,
              h.score(),
              h.chunk().source(),
              h.chunk().location().display()));
      sb.append("    ").append(Checks.snippet(h.chunk().text(), 240)).append('\n');
    }
    return sb.toString().stripTrailing();
  }
}
