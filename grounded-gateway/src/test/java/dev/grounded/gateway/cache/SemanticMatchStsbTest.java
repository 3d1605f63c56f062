package dev.grounded.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.grounded.embed.OnnxEmbedder;
import dev.grounded.gateway.cache.SemanticMatch.Turn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The default verifier on STS-B test with the real bge-small-en-v1.5 model: a pair scored &gt;= 4
 * may be served from cache, &lt; 4 must not be. Skipped where ../shared/data is absent.
 */
class SemanticMatchStsbTest {
  private record Case(boolean paraphrase, Turn a, Turn b) {}

  @Test
  void theDefaultVerifierServesAFifthOfTheParaphrasesWithAtMostThreeAndAHalfPercentWrongHits()
      throws Exception {
    List<Case> cases = load(stsbTest());
    SemanticMatch match = SemanticMatch.defaults();

    double[] verifier = rate(cases, c -> match.match(c.a(), c.b()).serve());
    // measured: hit rate 18.6 % (63 of 338 paraphrases), wrong hits 3.1 % (2 of 65 hits)
    assertThat(verifier[0]).as("hit rate").isGreaterThanOrEqualTo(HIT_FLOOR);
    assertThat(verifier[1]).as("share of hits that are wrong").isLessThanOrEqualTo(WRONG_CEILING);

    // for the log only: the single-cosine baseline at the nearest hit rate not above the verifier's
    // (measured 18.0 % / 3.2 %; the bench prints both curves, the verifier is ahead by more at
    // higher hit rates)
    double[] baseline = null;
    for (int i = 850; i <= 1000 && (baseline == null || baseline[0] > verifier[0]); i++) {
      double threshold = i / 1000.0;
      baseline = rate(cases, c -> cosine(c) >= threshold);
    }
    System.out.printf(
        "STS-B test: default verifier hit rate %.4f, wrong %.4f; cosine baseline %.4f, %.4f%n",
        verifier[0], verifier[1], baseline[0], baseline[1]);
  }

  /** Just under / over what was measured (the default is chosen on dev, see SemanticMatch). */
  private static final double HIT_FLOOR = 0.18;

  private static final double WRONG_CEILING = 0.035;

  private static double cosine(Case c) {
    return PairFeatures.cosine(c.a().vector(), c.b().vector());
  }

  /** {paraphrase hit rate, share of hits that are wrong}. */
  private static double[] rate(List<Case> cases, Predicate<Case> serve) {
    int paraphrases = 0, hits = 0, right = 0;
    for (Case c : cases) {
      if (c.paraphrase()) paraphrases++;
      if (serve.test(c)) {
        hits++;
        if (c.paraphrase()) right++;
      }
    }
    return new double[] {(double) right / paraphrases, hits == 0 ? 0 : 1 - (double) right / hits};
  }

  private static List<Case> load(Path file) throws Exception {
    List<String[]> rows = new ArrayList<>();
    LinkedHashSet<String> sentences = new LinkedHashSet<>();
    for (String line : Files.readAllLines(file)) {
      String[] c = line.split("\t");
      rows.add(c);
      sentences.add(c[5]);
      sentences.add(c[6]);
    }
    Map<String, float[]> vectors = new HashMap<>();
    try (OnnxEmbedder embedder = OnnxEmbedder.bgeSmallEnV15Q(2)) {
      List<String> all = new ArrayList<>(sentences);
      for (int i = 0; i < all.size(); i += 256) {
        List<String> batch = all.subList(i, Math.min(all.size(), i + 256));
        List<float[]> v = embedder.embed(batch);
        for (int j = 0; j < batch.size(); j++) vectors.put(batch.get(j), v.get(j));
      }
    }
    List<Case> cases = new ArrayList<>();
    for (String[] c : rows)
      cases.add(
          new Case(
              Double.parseDouble(c[4]) >= 4,
              Turn.of(c[5], vectors.get(c[5])),
              Turn.of(c[6], vectors.get(c[6]))));
    return cases;
  }

  /** STS-B test from ../shared/data (or the {@code grounded.shared} property); skips if absent. */
  private static Path stsbTest() {
    String shared = System.getProperty("grounded.shared");
    Path dir = Path.of("").toAbsolutePath();
    while (dir.getParent() != null && !Files.exists(dir.resolve("mvnw"))) dir = dir.getParent();
    Path root = shared != null ? Path.of(shared) : dir.resolve("../shared");
    Path file = root.resolve("data/paraphrase-stsb/sts-test.csv").normalize();
    assumeTrue(Files.isRegularFile(file), "no STS-B data at " + file);
    return file;
  }
}
