package dev.grounded.eval;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the public data sets in {@code ../shared/data} (or where the {@code grounded.shared}
 * property points); a test that needs one is skipped, not failed, where it is absent, as on a
 * user's clone.
 */
public final class SharedData {
  private SharedData() {}

  public static Path scifact() {
    return dataset("scifact");
  }

  /** SQuAD 2.0 dev, half: its one JSON file. */
  public static Path squad() {
    return dataset("squad-v2-dev-half").resolve("dev-v2.0.json");
  }

  /** A BEIR-layout retrieval set's folder (corpus.jsonl, queries.jsonl, qrels/test.tsv). */
  public static Path beir(String name) {
    return dataset(name);
  }

  /** The STS Benchmark folder (sts-{train,dev,test}.csv). */
  public static Path stsb() {
    return dataset("paraphrase-stsb");
  }

  private static Path dataset(String name) {
    String shared = System.getProperty("grounded.shared");
    Path root = shared != null ? Path.of(shared) : repositoryRoot().resolve("../shared");
    Path dir = root.resolve("data").resolve(name).normalize();
    assumeTrue(Files.isDirectory(dir), "no " + name + " data at " + dir);
    return dir;
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir.getParent() != null && !Files.exists(dir.resolve("mvnw"))) dir = dir.getParent();
    return dir;
  }
}
