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
    String shared = System.getProperty("grounded.shared");
    Path root = shared != null ? Path.of(shared) : repositoryRoot().resolve("../shared");
    Path dir = root.resolve("data/scifact").normalize();
    assumeTrue(Files.isDirectory(dir), "no SciFact data at " + dir);
    return dir;
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir.getParent() != null && !Files.exists(dir.resolve("mvnw"))) dir = dir.getParent();
    return dir;
  }
}
