package dev.grounded.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ingest says what it left out: empty files, unsupported files in folders, files gone. */
class IngestReportTest {
  @TempDir Path tmp;

  @Test
  void emptyAndUnsupportedFilesAreCountedListedWithVerboseAndNotIngested() throws Exception {
    Path docs = Files.createDirectories(tmp.resolve("docs"));
    Files.writeString(docs.resolve("owls.md"), "Owls hunt at night.");
    Files.write(docs.resolve("empty.txt"), new byte[0]);
    Files.write(docs.resolve("picture.png"), new byte[] {1, 2, 3});
    Files.writeString(docs.resolve("table.csv"), "a,b\n1,2\n");
    Files.writeString(docs.resolve(".hidden.png"), "left out silently");
    String data = tmp.resolve("data").toString();

    Cli r = Cli.run("ingest", "--data", data, "--json", "--verbose", docs.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode s = Json.MAPPER.readTree(r.out());
    assertThat(s.get("files").asInt()).isEqualTo(1);
    assertThat(s.get("documents").asInt()).as("the empty file is no document").isEqualTo(1);
    assertThat(s.get("empty").asInt()).isEqualTo(1);
    assertThat(s.get("unsupported").asInt()).isEqualTo(2);
    assertThat(s.get("missing").asInt()).isZero();
    assertThat(s.get("empty_files").get(0).asText()).endsWith("empty.txt");
    assertThat(s.get("unsupported_files").toString())
        .contains("picture.png")
        .contains("table.csv")
        .doesNotContain("hidden");

    Cli human = Cli.run("ingest", "--data", data, "--quiet", docs.toString());
    assertThat(human.out())
        .contains("skipped: 1 empty file, 2 unsupported files in folders (--verbose lists them)");
    assertThat(human.err()).doesNotContain("picture.png");
    Cli verbose = Cli.run("ingest", "--data", data, "--quiet", "--verbose", docs.toString());
    assertThat(verbose.err())
        .contains("skipped (empty): " + docs.resolve("empty.txt").toAbsolutePath())
        .contains("skipped (unsupported): " + docs.resolve("picture.png").toAbsolutePath());
  }

  @Test
  void filesDeletedButNotPrunedGetAHint() throws Exception {
    Path docs = Files.createDirectories(tmp.resolve("docs"));
    Files.writeString(docs.resolve("owls.md"), "Owls hunt at night.");
    Files.writeString(docs.resolve("bees.md"), "Bees make honey.");
    String data = tmp.resolve("data").toString();
    assertThat(Cli.run("ingest", "--data", data, "--quiet", docs.toString()).exit()).isZero();
    Files.delete(docs.resolve("bees.md"));

    Cli kept = Cli.run("ingest", "--data", data, "--quiet", docs.toString());
    assertThat(kept.out()).contains("note: 1 document whose file is gone kept; --prune drops them");
    JsonNode s =
        Json.MAPPER.readTree(Cli.run("ingest", "--data", data, "--json", docs.toString()).out());
    assertThat(s.get("missing").asInt()).isEqualTo(1);

    Cli pruned = Cli.run("ingest", "--data", data, "--prune", "--quiet", docs.toString());
    assertThat(pruned.out()).contains("1 pruned").doesNotContain("note:");
  }
}
