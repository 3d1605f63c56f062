package dev.grounded.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectionSignCommandTest {
  @TempDir Path tmp;

  @Test
  void signThenVerifyExitsZeroAndAChangedCorpusExitsOneNamingTheDocument() throws Exception {
    Path docs = Files.createDirectories(tmp.resolve("docs"));
    Files.writeString(docs.resolve("a.txt"), "Tractors need diesel.");
    String data = tmp.resolve("data").toString();
    assertThat(Cli.run("ingest", "--data", data, "--collection", "farm", docs.toString()).exit())
        .isZero();
    Cli unsigned = Cli.run("collection", "verify", "--data", data, "farm");
    assertThat(unsigned.exit()).isEqualTo(1);
    assertThat(unsigned.out()).contains("NOT verified farm: no signed version");

    Cli sign = Cli.run("collections", "sign", "--data", data, "farm");
    assertThat(sign.exit()).as(sign.err()).isZero();
    assertThat(sign.out()).startsWith("signed farm: sha256:");
    Cli ok = Cli.run("collections", "verify", "--data", data, "farm", "--json");
    assertThat(ok.exit()).as(ok.err()).isZero();
    assertThat(Json.MAPPER.readTree(ok.out()).path("verified").asBoolean()).isTrue();

    Files.writeString(docs.resolve("a.txt"), "Tractors need petrol.");
    Cli.run("ingest", "--data", data, "--collection", "farm", docs.toString());
    Cli changed = Cli.run("collections", "verify", "--data", data, "farm");
    assertThat(changed.exit()).isEqualTo(1);
    assertThat(changed.out()).contains("changed: ").contains("a.txt");

    Cli missing = Cli.run("collections", "verify", "--data", data, "nope");
    assertThat(missing.exit()).isNotZero();
    assertThat(missing.err()).contains("no collection 'nope'");
  }
}
