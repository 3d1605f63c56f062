package dev.grounded.eval.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grounded.core.Chunk;
import dev.grounded.core.GroundedException;
import dev.grounded.core.Location;
import dev.grounded.eval.BeirDataset;
import dev.grounded.eval.BeirDocument;
import dev.grounded.eval.BeirReader;
import dev.grounded.eval.retrieval.PseudoQueries.Generator;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PseudoQueriesTest {
  /** 26 short documents, each a title and three sentences. */
  static List<BeirDocument> corpus() throws URISyntaxException {
    return BeirReader.readCorpus(
        Path.of(PseudoQueriesTest.class.getResource("/pseudo/corpus.jsonl").toURI()));
  }

  @Test
  void everyGeneratorJudgesTheDocumentItsQueryCameFrom() throws Exception {
    List<BeirDocument> corpus = corpus();
    Map<String, BeirDocument> byId =
        corpus.stream().collect(Collectors.toMap(BeirDocument::id, Function.identity()));
    for (Generator g : Generator.values()) {
      if (g.needsChunks()) continue;
      BeirDataset pseudo = PseudoQueries.generate(corpus, g, 22, 5);
      assertThat(pseudo.qrels()).as(g.wireName()).hasSize(22);
      pseudo
          .qrels()
          .forEach(
              (id, judged) -> {
                assertThat(judged).hasSize(1);
                String doc = judged.keySet().iterator().next();
                assertThat(id).isEqualTo("pseudo:" + doc);
                String q = pseudo.queries().get(id);
                BeirDocument d = byId.get(doc);
                switch (g) {
                  case TITLE -> assertThat(q).isEqualTo(d.title());
                  case FIRST_SENTENCE -> assertThat(d.text()).startsWith(q);
                  case SENTENCE -> assertThat(d.text()).contains(q);
                  case OTHER_PASSAGE -> throw new AssertionError("needs chunks");
                  case SENTENCE_HALF, SENTENCE_NO_RARE, SENTENCE_NO_RARE_HALF ->
                      assertThat(isSubsequenceOfASentence(words(q), d)).as(q).isTrue();
                }
              });
    }
  }

  /** Each document cut in two chunks at a sentence boundary; the first document in one. */
  static Map<String, List<Chunk>> chunks(List<BeirDocument> corpus) {
    Map<String, List<Chunk>> out = new java.util.HashMap<>();
    for (BeirDocument d : corpus) {
      String[] s = d.text().split("(?<=[.!?])\\s+", 2);
      List<Chunk> parts = new ArrayList<>();
      int start = 0;
      for (String part : d == corpus.getFirst() ? new String[] {d.text()} : s) {
        parts.add(
            new Chunk(
                d.id(),
                d.id(),
                parts.size(),
                part,
                new Location(0, List.of(), start, start + part.length())));
        start += part.length() + 1;
      }
      out.put(d.id(), parts);
    }
    return out;
  }

  @Test
  void otherPassageQueriesHideTheirSourceChunkAndComeFromDocumentsOfTwoChunksOrMore()
      throws Exception {
    List<BeirDocument> corpus = corpus();
    Map<String, List<Chunk>> chunks = chunks(corpus);
    PseudoQueries.Hidden h =
        PseudoQueries.generate(corpus, Generator.OTHER_PASSAGE, 300, 4, chunks::get);
    assertThat(h.queries().qrels()).hasSize(corpus.size() - 1);
    assertThat(h.queries().qrels()).doesNotContainKey("pseudo:" + corpus.getFirst().id());
    h.queries()
        .queries()
        .forEach(
            (id, q) -> {
              String doc = id.substring("pseudo:".length());
              String hidden = h.hiddenChunks().get(q);
              assertThat(hidden).startsWith(doc + "#");
              Chunk source =
                  chunks.get(doc).stream().filter(c -> c.id().equals(hidden)).findFirst().get();
              assertThat(source.text()).contains(q);
              for (Chunk other : chunks.get(doc))
                if (other != source) assertThat(other.text()).doesNotContain(q);
            });
    assertThatThrownBy(
            () -> PseudoQueries.generate(corpus, Generator.OTHER_PASSAGE, 300, 4, id -> List.of()))
        .isInstanceOf(GroundedException.class)
        .hasMessageContaining("2+ chunks");
    assertThatThrownBy(() -> PseudoQueries.generate(corpus, Generator.OTHER_PASSAGE, 300, 4))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theSampleIsSeededAndBounded() throws Exception {
    List<BeirDocument> corpus = corpus();
    BeirDataset a = PseudoQueries.generate(corpus, Generator.SENTENCE, 20, 1);
    assertThat(PseudoQueries.generate(corpus, Generator.SENTENCE, 20, 1).queries())
        .isEqualTo(a.queries());
    assertThat(PseudoQueries.generate(corpus, Generator.SENTENCE, 20, 2).queries())
        .isNotEqualTo(a.queries());
    // a sample larger than the corpus takes every document once
    assertThat(PseudoQueries.generate(corpus, Generator.SENTENCE, 300, 1).qrels())
        .hasSize(corpus.size());
  }

  @Test
  void droppingTheRarestWordsKeepsTheCommonOnes() throws Exception {
    List<BeirDocument> corpus = corpus();
    Map<String, Integer> df = PseudoQueries.documentFrequencies(corpus);
    BeirDataset pseudo = PseudoQueries.generate(corpus, Generator.SENTENCE_NO_RARE, 26, 3);
    BeirDataset whole = PseudoQueries.generate(corpus, Generator.SENTENCE, 26, 3);
    int shorter = 0;
    for (String id : pseudo.queries().keySet()) {
      List<String> kept = words(pseudo.queries().get(id));
      List<String> all = words(whole.queries().get(id)); // the same seeded sentence
      List<String> dropped = new ArrayList<>(all);
      dropped.removeAll(kept);
      if (!dropped.isEmpty()) shorter++;
      int rarestKept = kept.stream().mapToInt(df::get).min().orElseThrow();
      for (String w : dropped) assertThat(df.get(w)).as(w).isLessThanOrEqualTo(rarestKept);
    }
    assertThat(shorter).isEqualTo(pseudo.queries().size());
  }

  @Test
  void aTitleRepeatedAsTheFirstSentenceIsNotAQuery() {
    List<String> s =
        PseudoQueries.sentences(
            "flow over a flat plate . the boundary layer grows along the plate . too short .",
            "Flow over a flat plate.");
    assertThat(s).containsExactly("the boundary layer grows along the plate .");
  }

  @Test
  void aCorpusTooSmallForEnoughQueriesIsInvalid() throws Exception {
    List<BeirDocument> few = corpus().subList(0, 10);
    assertThatThrownBy(() -> PseudoQueries.generate(few, Generator.SENTENCE, 300, 1))
        .isInstanceOf(GroundedException.class)
        .hasMessageContaining("too few documents to tune on: 10 of 10");
    assertThatThrownBy(() -> PseudoQueries.generate(corpus(), Generator.SENTENCE, 5, 1))
        .isInstanceOf(GroundedException.class)
        .hasMessageContaining("at least 20");
  }

  @Test
  void generatorsParseByWireName() {
    assertThat(Generator.parse("sentence-no-rare")).isEqualTo(Generator.SENTENCE_NO_RARE);
    assertThatThrownBy(() -> Generator.parse("bogus"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("title");
  }

  private static List<String> words(String s) {
    return Arrays.stream(s.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
        .filter(w -> !w.isEmpty())
        .toList();
  }

  private static boolean isSubsequenceOfASentence(List<String> q, BeirDocument d) {
    for (String sentence : d.text().split("(?<=[.!?])\\s+")) {
      List<String> w = words(sentence);
      int i = 0;
      for (String x : w) if (i < q.size() && q.get(i).equals(x)) i++;
      if (i == q.size()) return true;
    }
    return false;
  }
}
