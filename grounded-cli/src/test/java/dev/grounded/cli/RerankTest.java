package dev.grounded.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grounded.embed.TinyCrossEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reranking hybrid hits with a cross-encoder the user supplies, here a tiny ONNX model the tests
 * write (it scores a chunk by the share of its word pieces found in the query).
 */
class RerankTest {
  @TempDir Path tmp;
  Path reranker;
  String data;

  @BeforeEach
  void ingest() throws Exception {
    reranker = TinyCrossEncoder.write(tmp.resolve("cross-encoder"));
    Path docs = Files.createDirectories(tmp.resolve("docs"));
    Files.writeString(
        docs.resolve("owls.md"), "# Owls\n\nOwls hunt at night. Owls eat mice and voles.\n");
    Files.writeString(
        docs.resolve("bees.md"), "# Bees\n\nBees make honey from the nectar of flowers.\n");
    Files.writeString(
        docs.resolve("trout.md"), "# Trout\n\nTrout live in cold rivers and eat insects.\n");
    data = tmp.resolve("data").toString();
    Cli r = Cli.run("ingest", "--data", data, docs.toString());
    assertThat(r.exit()).as(r.err()).isZero();
  }

  @Test
  void searchAndAskRerankTheHybridHits() throws Exception {
    Cli s =
        Cli.run(
            "search",
            "--data",
            data,
            "--reranker",
            reranker.toString(),
            "--rerank-depth",
            "3",
            "--json",
            "-k",
            "3",
            "what",
            "do",
            "owls",
            "eat");
    assertThat(s.exit()).as(s.err()).isZero();
    JsonNode hits = Json.MAPPER.readTree(s.out()).get("hits");
    assertThat(hits).hasSize(3);
    assertThat(hits.get(0).get("document").asText()).endsWith("owls.md");
    // the scores are the cross-encoder's (a share in [0, 1]), best first
    double previous = 1;
    for (JsonNode h : hits) {
      assertThat(h.get("score").asDouble()).isBetween(0.0, previous);
      previous = h.get("score").asDouble();
    }
    Cli a =
        Cli.run(
            "ask", "--data", data, "--reranker", reranker.toString(), "What", "do", "owls", "eat?");
    assertThat(a.exit()).as(a.err()).isZero();
    assertThat(a.out()).contains("Owls eat mice and voles.").contains("owls.md");
    Path report = tmp.resolve("report.json");
    Cli e =
        Cli.run(
            "eval",
            "answers",
            "--data",
            data,
            "--collection",
            "default",
            "--dataset",
            EvalAnswersTest.animals(tmp).toString(),
            "--reranker",
            reranker.toString(),
            "--json",
            report.toString());
    assertThat(e.exit()).as(e.err()).isZero();
    JsonNode config = Json.MAPPER.readTree(report.toFile()).get("config");
    assertThat(config.get("reranker").asText()).isEqualTo(reranker.toString());
    assertThat(config.get("rerank_depth").asInt())
        .isEqualTo(dev.grounded.index.RetrievalSettings.DEFAULT_RERANK_DEPTH);
  }

  @Test
  void aMissingOrBrokenRerankerIsAOneLineError() throws Exception {
    Path broken = TinyCrossEncoder.write(tmp.resolve("broken"));
    Files.writeString(broken.resolve("model.onnx"), "not a model");
    for (String[] args :
        new String[][] {
          {"search", "--data", data, "--reranker", tmp.resolve("absent").toString(), "owls"},
          {"search", "--data", data, "--reranker", broken.toString(), "owls"},
          {
            "search",
            "--data",
            data,
            "--reranker",
            reranker.toString(),
            "--rerank-depth",
            "0",
            "owls"
          },
          {"search", "--data", data, "--rerank-depth", "5", "owls"},
          {"ask", "--data", data, "--reranker", tmp.resolve("absent").toString(), "owls?"}
        }) {
      Cli r = Cli.run(args);
      assertThat(r.exit()).as(String.join(" ", args)).isNotZero();
      assertThat(r.errLines()).as(String.join(" ", args)).hasSize(1);
    }
  }
}
