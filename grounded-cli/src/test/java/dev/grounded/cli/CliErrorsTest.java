package dev.grounded.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grounded.gateway.upstream.FakeChatServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad input gets one clear line on stderr and a non-zero exit, and leaves what is stored
 * intact.
 */
class CliErrorsTest {
  @TempDir Path tmp;
  Path data;
  Path docs;

  @BeforeEach
  void ingestSomething() throws Exception {
    data = tmp.resolve("data");
    docs = Files.createDirectories(tmp.resolve("docs"));
    Files.writeString(
        docs.resolve("fox.md"),
        "# Foxes\n\nThe red fox lives in forests and eats small rodents.\n");
    Cli ok = Cli.run("ingest", "--data", data.toString(), "--json", docs.toString());
    assertThat(ok.exit()).as(ok.err()).isZero();
  }

  private void assertUnchanged() {
    Cli status = Cli.run("status", "--data", data.toString(), "--json");
    assertThat(status.exit()).isZero();
    assertThat(status.out()).contains("\"documents\" : 1").contains("\"name\" : \"default\"");
    Cli search = Cli.run("search", "--data", data.toString(), "--mode", "bm25", "fox");
    assertThat(search.out()).contains("fox.md");
  }

  private static void assertOneLineError(Cli r, String... fragments) {
    assertThat(r.exit()).as(r.err()).isNotZero();
    assertThat(r.errLines()).as(r.err()).hasSize(1);
    assertThat(r.errLines().getFirst()).startsWith("grounded: error: ").contains(fragments);
  }

  private static void assertUsageError(Cli r, String... fragments) {
    assertOneLineError(r, fragments);
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
  }

  @Test
  void ingestOfAMissingPathNamesIt() {
    assertOneLineError(
        Cli.run("ingest", "--data", data.toString(), tmp.resolve("missing.md").toString()),
        "missing.md",
        "no such file");
    assertUnchanged();
  }

  @Test
  void ingestOfACorruptFileReportsItsPathAndExitsNonZeroWhileOthersAreIngested() throws Exception {
    Path more = Files.createDirectories(tmp.resolve("more"));
    Files.write(more.resolve("corrupt.docx"), new byte[] {'P', 'K', 3, 4, 0, 0, 1, 2, 3});
    Files.writeString(more.resolve("ok.txt"), "Owls hunt at night.");
    Cli r = Cli.run("ingest", "--data", data.toString(), "--json", more.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.errLines()).singleElement().asString().contains("corrupt.docx");
    assertThat(r.out()).contains("\"failed\" : 1").contains("\"documents\" : 2");
  }

  @Test
  void ingestOfAFolderWithNothingToIngestSaysSo() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    Files.write(empty.resolve("picture.png"), new byte[] {1, 2, 3});
    assertOneLineError(
        Cli.run("ingest", "--data", data.toString(), empty.toString()),
        "empty",
        "no files to ingest");
    assertUnchanged();
  }

  @Test
  void anUnknownSearchModeIsRejected() {
    assertUsageError(
        Cli.run("search", "--data", data.toString(), "--mode", "fuzzy", "fox"),
        "unknown mode 'fuzzy'");
  }

  @Test
  void anUnknownCollectionIsNotFound() {
    assertOneLineError(
        Cli.run("search", "--data", data.toString(), "--collection", "nope", "fox"),
        "no collection 'nope'");
    assertOneLineError(
        Cli.run("ask", "--data", data.toString(), "--collection", "bad/name", "fox?"),
        "invalid collection name");
  }

  @Test
  void badNumbersAndOptionsAreUsageErrors() {
    assertUsageError(
        Cli.run("search", "--data", data.toString(), "-k", "0", "fox"),
        "-k must be between 1 and 1000");
    assertUsageError(
        Cli.run("search", "--data", data.toString(), "--bogus", "fox"),
        "unknown option",
        "--bogus");
    assertUsageError(Cli.run("serch", "fox"), "'serch'", "did you mean search");
    assertUsageError(Cli.run(), "missing command");
    assertUsageError(Cli.run("search", "--data", data.toString()), "QUERY");
    assertUsageError(
        Cli.run("documents", "list", "--data", data.toString(), "--limit", "0"), "--limit");
    assertUnchanged();
  }

  @Test
  void fusionOptionsOutOfRangeUnknownOrConflictingAreUsageErrors() {
    String d = data.toString();
    assertUsageError(
        Cli.run("search", "--data", d, "--fusion", "magic", "fox"),
        "--fusion must be rrf, linear or zscore",
        "magic");
    assertUsageError(
        Cli.run("search", "--data", d, "--dense-weight", "1.5", "fox"), "--dense-weight", "[0, 1]");
    assertUsageError(Cli.run("search", "--data", d, "--rrf-k", "0", "fox"), "--rrf-k must be >= 1");
    assertUsageError(
        Cli.run("search", "--data", d, "--fusion-depth", "5000", "fox"), "--fusion-depth");
    assertUsageError(
        Cli.run("search", "--data", d, "--fusion-weight", "0.5", "--dense-weight", "0.3", "fox"),
        "--fusion-weight cannot be combined");
    assertUnchanged();
  }

  @Test
  void anUnparseableValueNamesTheOptionAsTyped() {
    Cli shortName = Cli.run("search", "--data", data.toString(), "-k", "abc", "fox");
    assertUsageError(shortName, "invalid value for option '-k'", "'abc'");
    assertThat(shortName.err()).doesNotContain("--top");
    assertUsageError(
        Cli.run("search", "--data", data.toString(), "--top=abc", "fox"), "'--top'", "'abc'");
    assertUsageError(Cli.run("search", "--data", data.toString(), "-kabc", "fox"), "'-k'", "'abc'");
  }

  @Test
  void aModelEndpointThatRefusesTheKeyIsExit1NotAnInternalError() throws Exception {
    try (FakeChatServer upstream = refusing()) {
      Cli r =
          Cli.run(
              "ask",
              "--data",
              data.toString(),
              "--generator",
              "model:tiny",
              "--llm-base-url",
              upstream.baseUrl().toString(),
              "fox?");
      assertOneLineError(r, "401");
      assertThat(r.exit()).isEqualTo(1);
    }
  }

  @Test
  void anUnsetApiKeyVariableIsAnErrorNamingIt() throws Exception {
    String unset = "GROUNDED_TEST_KEY_THAT_IS_NOT_SET";
    assertThat(System.getenv(unset)).isNull();
    try (FakeChatServer upstream = refusing()) {
      Cli r =
          Cli.run(
              "ask",
              "--data",
              data.toString(),
              "--generator",
              "model:tiny",
              "--llm-base-url",
              upstream.baseUrl().toString(),
              "--llm-api-key-env",
              unset,
              "fox?");
      assertOneLineError(r, "--llm-api-key-env", unset, "not set");
      assertThat(r.exit()).isEqualTo(1);
      assertThat(upstream.requests).as("no request without the key").isEmpty();
    }
  }

  @Test
  void serveOnAPortInUseOrOutOfRangeIsOneLineWithoutJavaNames() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      Cli busy = Cli.run("serve", "--data", data.toString(), "--port", String.valueOf(port));
      assertOneLineError(busy, "port " + port + " is in use");
      assertThat(busy.exit()).isEqualTo(1);
      assertThat(busy.err()).doesNotContain("Exception").doesNotContain("internal");
    }
    assertUsageError(Cli.run("serve", "--data", data.toString(), "--port", "70000"), "--port");
    assertUnchanged();
  }

  @Test
  void evalRetrievalReportsMalformedLinesWithTheirNumbers() throws Exception {
    Path corpus =
        Files.writeString(
            tmp.resolve("corpus.jsonl"), "{\"_id\":\"d1\",\"text\":\"a\"}\n{not json\n");
    Path queries =
        Files.writeString(tmp.resolve("queries.jsonl"), "{\"_id\":\"q1\",\"text\":\"a\"}\n");
    Path qrels =
        Files.writeString(tmp.resolve("qrels.tsv"), "query-id\tcorpus-id\tscore\nq1\td1\t1\n");
    assertOneLineError(eval(corpus, queries, qrels), "corpus.jsonl:2");

    Files.writeString(corpus, "{\"_id\":\"d1\",\"text\":\"a\"}\n");
    Files.writeString(qrels, "query-id\tcorpus-id\tscore\nq1\td1\n");
    assertOneLineError(eval(corpus, queries, qrels), "qrels.tsv:2");

    Files.writeString(qrels, "q1\td1\t1\n");
    Files.writeString(corpus, "");
    assertOneLineError(eval(corpus, queries, qrels), "corpus.jsonl", "no documents");

    assertOneLineError(eval(tmp.resolve("absent.jsonl"), queries, qrels), "absent.jsonl");
    assertOneLineError(eval(docs, queries, qrels), docs.toString(), "cannot read");
    assertUnchanged();
  }

  @Test
  void labelFreeTuningOfACorpusTooSmallForPseudoQueriesIsAOneLineError() throws Exception {
    // the ingested collection holds one document: far too few pseudo-queries
    assertOneLineError(
        Cli.run("eval", "tune", "--data", data.toString(), "--collection", "default"),
        "too few documents to tune on",
        "of 1 give a");
    Path corpus =
        Files.writeString(
            tmp.resolve("corpus.jsonl"),
            "{\"_id\":\"d1\",\"text\":\"Owls hunt at night and eat mice.\"}\n"
                + "{\"_id\":\"d2\",\"text\":\"Bees make honey from nectar.\"}\n");
    assertOneLineError(
        Cli.run("eval", "tune", "--data", data.toString(), "--corpus", corpus.toString()),
        "too few documents to tune on: 2, at least 20");
    assertUsageError(
        Cli.run("eval", "tune", "--data", data.toString()), "--corpus", "--collection");
    assertUsageError(
        Cli.run(
            "eval",
            "tune",
            "--data",
            data.toString(),
            "--corpus",
            corpus.toString(),
            "--queries",
            corpus.toString()),
        "--queries and --qrels go together");
    assertUsageError(
        Cli.run(
            "eval", "tune", "--data", data.toString(), "--collection", "default", "--sample", "3"),
        "--sample");
    assertUsageError(
        Cli.run(
            "eval",
            "tune",
            "--data",
            data.toString(),
            "--collection",
            "default",
            "--pseudo-queries",
            "haiku"),
        "haiku");
    assertOneLineError(
        Cli.run("eval", "tune", "--data", data.toString(), "--collection", "nope"),
        "collection 'nope'");
    assertUnchanged();
  }

  @Test
  void evalRetrievalRejectsAnUnknownMode() throws Exception {
    Path corpus =
        Files.writeString(tmp.resolve("corpus.jsonl"), "{\"_id\":\"d1\",\"text\":\"a\"}\n");
    Path queries =
        Files.writeString(tmp.resolve("queries.jsonl"), "{\"_id\":\"q1\",\"text\":\"a\"}\n");
    Path qrels = Files.writeString(tmp.resolve("qrels.tsv"), "q1\td1\t1\n");
    assertOneLineError(
        Cli.run(
            "eval",
            "retrieval",
            "--data",
            data.toString(),
            "--corpus",
            corpus.toString(),
            "--queries",
            queries.toString(),
            "--qrels",
            qrels.toString(),
            "--mode",
            "magic"),
        "unknown mode 'magic'");
  }

  private static FakeChatServer refusing() throws java.io.IOException {
    return new FakeChatServer(request -> FakeChatServer.Reply.error(401, "Incorrect API key"));
  }

  private Cli eval(Path corpus, Path queries, Path qrels) {
    return Cli.run(
        "eval",
        "retrieval",
        "--data",
        data.toString(),
        "--corpus",
        corpus.toString(),
        "--queries",
        queries.toString(),
        "--qrels",
        qrels.toString());
  }
}
