package dev.grounded.guard.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.grounded.guard.Finding;
import dev.grounded.guard.Source;
import dev.grounded.guard.pii.SpanScores.Labelled;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Precision and recall per type (overlap matching, see {@link SpanScores}) on the presidio-research
 * synthetic set in {@code ../shared/data} (skipped when absent) and on generated secrets. Floors
 * sit a little under the figures measured when they were set; see notes in each test.
 */
class PiiEvaluationTest {
  static SpanScores score(List<Labelled> data, SpanScores scores) {
    PiiGuard guard = new PiiGuard();
    for (Labelled l : data) {
      List<Finding> found = guard.scan(l.text(), Source.INPUT);
      scores.add(l.text(), l.spans(), found);
      if (SHOW != null) show(l, found);
    }
    return scores;
  }

  /** {@code -Dpii.show=pii.card} prints that type's misses and false findings, for debugging. */
  static final String SHOW = System.getProperty("pii.show");

  static void show(Labelled l, List<Finding> found) {
    for (SpanScores.Span g : l.spans())
      if (g.type().equals(SHOW)
          && found.stream()
              .noneMatch(f -> f.isA(SHOW) && f.start() < g.end() && g.start() < f.end()))
        System.out.println(
            "MISS "
                + l.text().substring(g.start(), g.end()).replace("\n", "\\n")
                + "   <<"
                + l.text().replace("\n", "\\n")
                + ">>");
    for (Finding f : found)
      if (f.isA(SHOW)
          && l.spans().stream()
              .noneMatch(
                  g -> g.type().equals(f.type()) && f.start() < g.end() && g.start() < f.end()))
        System.out.println(
            "FALSE "
                + f.span(l.text()).replace("\n", "\\n")
                + " "
                + f.score()
                + "   <<"
                + l.text().replace("\n", "\\n")
                + ">>");
  }

  /** The data set, from {@code ../shared} beside the repository or {@code -Dgrounded.shared}. */
  static Path presidio() {
    String shared = System.getProperty("grounded.shared");
    Path dir = Path.of("").toAbsolutePath();
    while (dir.getParent() != null && !Files.exists(dir.resolve("mvnw"))) dir = dir.getParent();
    Path root = shared != null ? Path.of(shared) : dir.resolve("../shared");
    Path file = root.resolve("data/pii-presidio-synth/synth_dataset_v2.json").normalize();
    assumeTrue(Files.exists(file), "no pii-presidio-synth data at " + file);
    return file;
  }

  @Test
  void structuredTypesOnPresidioSynthKeepTheirFloors() {
    SpanScores s =
        score(
            SpanScores.readPresidio(presidio()),
            new SpanScores(t -> t.startsWith("secret.") ? "secret" : t));
    System.out.println("presidio-synth (1500 texts):\n" + s.table());
    // type, recall floor, precision floor. Measured 2026-12-07 (recall / precision): email, IBAN,
    // IP, SSN 1.000 / 1.000; card 0.993 / 1.000; phone 0.935 / 0.989 (misses have no phone word:
    // "not answering at 78 651 450"); person 0.441 / 0.982;
    // address 0.781 / 1.000.
    Object[][] floors = {
      {"pii.email", 0.98, 0.98},
      {"pii.card", 0.98, 0.98},
      {"pii.iban", 0.95, 0.95},
      {"pii.ip", 0.92, 0.92},
      {"pii.ssn", 0.93, 0.93},
      {"pii.phone", 0.92, 0.97},
      {"pii.person", 0.42, 0.96},
      {"pii.address", 0.76, 0.98},
    };
    for (Object[] f : floors) {
      String type = (String) f[0];
      assertThat(s.recall(type)).as(type + " recall\n" + s.table()).isGreaterThan((double) f[1]);
      assertThat(s.precision(type))
          .as(type + " precision\n" + s.table())
          .isGreaterThan((double) f[2]);
    }
    assertThat(s.predicted("secret")).as("secrets in a set without any").isLessThanOrEqualTo(2);
  }

  @Test
  void generatedSecretsAreFoundAndLookalikesAreNot() {
    long seed = Long.getLong("pii.seed", 15);
    List<Labelled> data = SecretSamples.generate(seed, 100);
    SpanScores s = score(data, new SpanScores(t -> t));
    SpanScores any = score(data, new SpanScores(t -> t.startsWith("secret.") ? "secret" : t));
    System.out.println("generated secrets, seed " + seed + ":\n" + s.table() + any.table());
    // Measured with seed 15: every kind 1.000 / 1.000 but high_entropy recall 0.880 (hex tokens
    // with no key word before them: "use 4917631f...e5 to log in" reads like a digest).
    for (String type : s.types())
      if (type.startsWith("secret.")) {
        double floor = type.equals("secret.high_entropy") ? 0.8 : 0.97; // seeds 1-3: 0.85-0.87
        assertThat(s.recall(type)).as(type + "\n" + s.table()).isGreaterThanOrEqualTo(floor);
        assertThat(s.precision(type)).as(type + "\n" + s.table()).isGreaterThanOrEqualTo(0.97);
      }
    assertThat(any.predicted("pii.card") + any.predicted("pii.phone")).isLessThanOrEqualTo(2);
    assertThat(any.recall("secret")).isGreaterThanOrEqualTo(0.98);
    assertThat(any.precision("secret")).isGreaterThanOrEqualTo(0.98);
  }
}
