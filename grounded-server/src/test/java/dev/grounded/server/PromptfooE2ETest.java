package dev.grounded.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grounded.server.OpenAiClientsE2ETest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs promptfoo (npm, pinned by examples/promptfoo/package-lock.json) with the repository's {@code
 * examples/promptfoo/promptfooconfig.yaml} against a real server that holds the example's corpus,
 * and requires every assertion of the configuration to pass. Skipped when node or npm is missing or
 * npm cannot reach its registry.
 */
class PromptfooE2ETest {
  static final Path EXAMPLE =
      Path.of(System.getProperty("basedir", "."))
          .toAbsolutePath()
          .resolve("../examples/promptfoo")
          .normalize();

  @Test
  void promptfooRunsTheExampleConfigurationAgainstARagModelAndEveryAssertionPasses()
      throws Exception {
    String unavailable =
        OpenAiClientsE2ETest.installPinned(EXAMPLE, "promptfoo package", "install");
    assumeTrue(unavailable == null, () -> "promptfoo cannot run here: " + unavailable);
    Path work = TestServer.temp("grounded-promptfoo");
    try (TestServer server = new TestServer(Files.createDirectory(work.resolve("data")))) {
      String key = server.keys.create("acme", "promptfoo").secret();
      try (Stream<Path> docs = Files.list(EXAMPLE.resolve("corpus"))) {
        for (Path doc : docs.sorted().toList())
          server.seed(key, "promptfoo-demo", doc.getFileName().toString(), Files.readString(doc));
      }
      Path out = work.resolve("promptfoo-results.json");
      Run r =
          OpenAiClientsE2ETest.exec(
              EXAMPLE,
              List.of(
                  "npx",
                  "--no-install",
                  "promptfoo",
                  "eval",
                  "--no-cache",
                  "--no-progress-bar",
                  "-c",
                  "promptfooconfig.yaml",
                  "-o",
                  out.toString()),
              Map.of(
                  "OPENAI_BASE_URL",
                  server.url("/v1"),
                  "OPENAI_API_KEY",
                  key,
                  "PROMPTFOO_DISABLE_TELEMETRY",
                  "1",
                  "PROMPTFOO_DISABLE_UPDATE",
                  "1",
                  "PROMPTFOO_CONFIG_DIR",
                  work.resolve("promptfoo-home").toString()),
              Duration.ofMinutes(3),
              "promptfoo eval");
      System.out.println(r.stdout());
      r.assertSucceeded();
      JsonNode stats = Json.MAPPER.readTree(out.toFile()).path("results").path("stats");
      String config = Files.readString(EXAMPLE.resolve("promptfooconfig.yaml"));
      long tests = config.lines().filter(l -> l.startsWith("  - description:")).count();
      assertThat(tests).isEqualTo(4);
      assertThat(stats.path("successes").asInt()).as(r.output()).isEqualTo((int) tests);
      assertThat(stats.path("failures").asInt()).isZero();
      assertThat(stats.path("errors").asInt()).isZero();
    }
  }
}
