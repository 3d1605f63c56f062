package dev.grounded.guard.poisoning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grounded.guard.Source;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Over-flagging on real corpora (every document of the shared BEIR-layout sets and SQuAD's
 * paragraphs, none written to fool it) and recall on the same documents with keywords appended
 * (drawn from the corpus's own vocabulary, seeded). Skips without ../shared.
 */
class KeywordStuffingCorporaTest {
  static final Path DATA = Path.of("..", "..", "shared", "data");
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void realDocumentsAreRarelyFlaggedAndAppendedKeywordsAreFound() throws Exception {
    assumeTrue(Files.isDirectory(DATA), "../shared/data is absent");
    KeywordStuffingGuard guard = new KeywordStuffingGuard();
    StringBuilder report = new StringBuilder();
    Random random = new Random(42);
    for (String set : List.of("scifact", "retrieval-cranfield", "retrieval-cisi", "squad")) {
      List<String> texts = texts(set);
      if (texts.isEmpty()) continue;
      int flagged = 0, found = 0, stuffed = 0;
      List<String> vocabulary = new ArrayList<>();
      for (String t : texts.subList(0, Math.min(200, texts.size())))
        for (String w : t.toLowerCase(Locale.ROOT).split("[^\\p{L}]+"))
          if (w.length() > 4) vocabulary.add(w);
      for (String t : texts) {
        if (!guard.scan(t, Source.CHUNK).isEmpty()) flagged++;
        if (stuffed < 500 && random.nextInt(Math.max(1, texts.size() / 500)) == 0) {
          StringBuilder keywords = new StringBuilder(t).append(' ');
          for (int i = 0; i < 50; i++)
            keywords.append(vocabulary.get(random.nextInt(vocabulary.size()))).append(' ');
          stuffed++;
          if (!guard.scan(keywords.toString(), Source.CHUNK).isEmpty()) found++;
        }
      }
      double fpr = flagged / (double) texts.size();
      double recall = found / (double) stuffed;
      report.append(
          String.format(
              Locale.ROOT,
              "%s: %d texts, flagged %.4f; appended keywords found %d/%d%n",
              set,
              texts.size(),
              fpr,
              found,
              stuffed));
      assertThat(fpr).as(report.toString()).isLessThan(FLAG_CEILING);
      assertThat(recall).as(report.toString()).isGreaterThan(RECALL_FLOOR);
    }
    System.out.print(report);
  }

  // measured 2026-12-07 (seed 42): flagged scifact 0.0025, cranfield 0, cisi 0, squad 0.0031;
  // appended keywords found 496/500, 493/500, 467/500, 482/500
  static final double FLAG_CEILING = 0.01;
  static final double RECALL_FLOOR = 0.9;

  static List<String> texts(String set) throws Exception {
    List<String> out = new ArrayList<>();
    if (set.equals("squad")) {
      Path dir = DATA.resolve("squad-v2-dev-half");
      if (!Files.isDirectory(dir)) return out;
      try (var files = Files.list(dir)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList())
          for (JsonNode article : JSON.readTree(f.toFile()).path("data"))
            for (JsonNode p : article.path("paragraphs")) out.add(p.path("context").asText());
      }
      return out;
    }
    Path corpus = DATA.resolve(set).resolve("corpus.jsonl");
    if (!Files.exists(corpus)) return out;
    try (BufferedReader r = Files.newBufferedReader(corpus)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        JsonNode d = JSON.readTree(line);
        String text = (d.path("title").asText() + "\n" + d.path("text").asText()).strip();
        if (!text.isEmpty()) out.add(text);
      }
    }
    return out;
  }
}
