package dev.grounded.cli;

import dev.grounded.core.Answer;
import dev.grounded.core.Citation;
import dev.grounded.core.Withheld;
import dev.grounded.index.LuceneSearcher;
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
    name = "ask",
    description = "Answer a question from the collection, citing the sources of every sentence.")
final class AskCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Mixin RerankOptions rerank;

  @Mixin GeneratorOptions generation;

  @Parameters(paramLabel = "QUESTION", arity = "1..*", description = "The question.")
  List<String> words;

  @Option(
      names = {"-k", "--top"},
      descriptionKey = "ask.top_k",
      description = "Chunks to read (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--json", description = "Print as JSON.")
  boolean json;

  @Override
  public Integer call() {
    String question = String.join(" ", words);
    Checks.query(question);
    Checks.topK(k);
    generation.check(common.data.config());
    try (App app = common.app();
        LuceneSearcher searcher = app.kb().searcher(common.collection())) {
      Answer answer = app.asker(common.collection(), searcher, generation, rerank).ask(question, k);
      System.out.println(json ? Json.write(toJson(answer)) : human(answer));
      return 0;
    }
  }

  static Map<String, Object> toJson(Answer a) {
    List<Map<String, Object>> cites = new ArrayList<>();
    for (Citation c : a.citations()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("n", c.n());
      m.put("document", c.chunk().source());
      m.put("location", c.chunk().location().display());
      m.put("quote", c.quote());
      m.put("score", Math.round(c.score() * 10000) / 10000.0);
      cites.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("answer", a.text());
    out.put("abstained", a.abstained());
    out.put("citations", cites);
    if (!a.withheld().isEmpty()) {
      List<Map<String, Object>> withheld = new ArrayList<>();
      for (Withheld w : a.withheld())
        withheld.add(Map.of("document", w.source(), "chunk", w.ordinal(), "reasons", w.reasons()));
      out.put("withheld", withheld);
    }
    return out;
  }

  static String human(Answer a) {
    StringBuilder sb = new StringBuilder(a.text());
    if (!a.citations().isEmpty()) sb.append("\n\nSources:");
    for (Citation c : a.citations()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%n  [%d] %s (%s)%n      \"%s\"",
              c.n(),
              c.chunk().source(),
              c.chunk().location().display(),
              Checks.snippet(c.quote(), 300)));
    }
    for (Withheld w : a.withheld())
      sb.append(
          String.format(
              Locale.ROOT,
              "%nWithheld: %s (chunk %d): %s",
              w.source(),
              w.ordinal() + 1,
              String.join(", ", w.reasons())));
    return sb.toString();
  }
}
