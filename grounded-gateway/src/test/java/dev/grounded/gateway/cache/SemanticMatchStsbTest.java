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
 * may be served from cache, &lt; 4 must not be. The bounds sit just under / over what was measured
 * (the thresholds are chosen on dev, see SemanticMatch). Skipped where ../shared/data is absent.
 */
class SemanticMatchStsbTest {
  private record Case(boolean paraphrase, Turn a, Turn b) {}

  @Test
  void theHitRateFirstVerifierServesNearlyHalfTheParaphrasesWithFewerWrongHitsThanOneCosine()
      throws Exception {
    List<Case> cases = load(stsbTest());
    SemanticMatch match =
        SemanticMatch.defaults().withThreshold(SemanticMatch.HIT_RATE_FIRST_THRESHOLD);

    double[] verifier = rate(cases, c -> match.match(c.a(), c.b()).serve());
    // measured in the bench: hit rate 45.6 % (154 of 338 paraphrases), wrong hits 9.9 % (17 of 171)
    assertThat(verifier[0]).as("hit rate").isGreaterThanOrEqualTo(0.44);
    assertThat(verifier[1]).as("share of hits that are wrong").isLessThanOrEqualTo(0.11);

    // the single-cosine baseline at the nearest hit rate not above the verifier's serves more wrong
    // hits (measured here: 43.5 % / 11.5 % against 45.3 % / 10.0 %; the bench prints both curves)
    double[] baseline = null;
    for (int i = 850; i <= 1000 && (baseline == null || baseline[0] > verifier[0]); i++) {
      double threshold = i / 1000.0;
      baseline = rate(cases, c -> cosine(c) >= threshold);
    }
    System.out.printf(
        "STS-B test: hit-rate-first verifier hit rate %.4f, wrong %.4f; cosine baseline %.4f, %.4f%n",
        verifier[0], verifier[1], baseline[0], baseline[1]);
    assertThat(verifier[1]).as("wrong hits against the cosine baseline").isLessThan(baseline[1]);

    SemanticMatch strict = SemanticMatch.defaults(); // precision first
    double[] precisionFirst = rate(cases, c -> strict.match(c.a(), c.b()).serve());
    // measured in the bench: hit rate 18.9 % (64 of 338), wrong hits 3.0 % (2 of 66)
    assertThat(precisionFirst[0]).as("precision-first hit rate").isGreaterThanOrEqualTo(0.18);
    assertThat(precisionFirst[1]).as("precision-first wrong hits").isLessThanOrEqualTo(0.035);
  }

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
