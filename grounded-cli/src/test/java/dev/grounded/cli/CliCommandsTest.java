package dev.grounded.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grounded.eval.gate.ReportSchema;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliCommandsTest {
  @TempDir Path tmp;

  private static JsonNode json(Cli r) throws Exception {
    assertThat(r.exit()).as(r.err()).isZero();
    return Json.MAPPER.readTree(r.out());
  }

  @Test
  void ingestSearchAskAndStatusSpeakTheDocumentedJson() throws Exception {
    Path docs = Files.createDirectories(tmp.resolve("docs"));
    Files.writeString(
        docs.resolve("owls.md"),
        "# Owls\n\n## Hunting\n\nOwls hunt mostly at night. Their hearing is so"
            + " precise that they can catch mice under snow.\n\n## Diet\n\nOwls eat rodents, insects and small birds.\n");
    Files.writeString(
        docs.resolve("bees.txt"),
        "Honey bees communicate the location of flowers with a waggle dance.");
    String data = tmp.resolve("data").toString();

    JsonNode ingest = json(Cli.run("ingest", "--data", data, "--json", docs.toString()));
    assertThat(ingest.fieldNames())
        .toIterable()
        .contains("files", "documents", "chunks", "embedded", "skipped", "failed", "seconds");
    assertThat(ingest.get("files").asInt()).isEqualTo(2);
    assertThat(ingest.get("embedded").asInt()).isEqualTo(ingest.get("chunks").asInt()).isPositive();

    JsonNode again = json(Cli.run("ingest", "--data", data, "--json", docs.toString()));
    assertThat(again.get("embedded").asInt()).isZero();
    assertThat(again.get("skipped").asInt()).isEqualTo(2);

    for (String mode : List.of("bm25", "dense", "hybrid")) {
      JsonNode hits =
          json(Cli.run(
                  "search",
                  "--data",
                  data,
                  "--mode",
                  mode,
                  "-k",
                  "3",
                  "--json",
                  "how do bees communicate"))
              .get("hits");
      assertThat(hits.size()).as(mode).isBetween(1, 3);
      JsonNode top = hits.get(0);
      assertThat(top.fieldNames())
          .toIterable()
          .containsExactly("rank", "score", "document", "location", "text");
      assertThat(top.get("document").asText()).as(mode).endsWith("bees.txt");
      assertThat(top.get("rank").asInt()).isEqualTo(1);
    }

    // fusion options replace the saved setting for one command: RRF with all weight on dense
    // scores the dense top hit 2 * 1.0 / (k + 1)
    JsonNode denseOnly =
        json(Cli.run(
                "search",
                "--data",
                data,
                "--fusion",
                "rrf",
                "--rrf-k",
                "10",
                "--dense-weight",
                "1",
                "--json",
                "how do bees communicate"))
            .get("hits");
    assertThat(denseOnly.get(0).get("score").asDouble()).isCloseTo(2.0 / 11, within(1e-9));
    JsonNode linear =
        json(Cli.run("search", "--data", data, "--fusion-weight", "1", "--json", "bees"))
            .get("hits");
    assertThat(linear.get(0).get("score").asDouble()).isCloseTo(1.0, within(1e-9));
    // z-score fusion with all weight on dense keeps the dense order
    JsonNode zDense =
        json(Cli.run(
                "search",
                "--data",
                data,
                "--fusion",
                "zscore",
                "--dense-weight",
                "1",
                "--json",
                "how do bees communicate"))
            .get("hits");
    JsonNode dense =
        json(Cli.run(
                "search", "--data", data, "--mode", "dense", "--json", "how do bees communicate"))
            .get("hits");
    assertThat(zDense.get(0).get("text").asText()).isEqualTo(dense.get(0).get("text").asText());

    JsonNode answer = json(Cli.run("ask", "--data", data, "--json", "When do owls hunt?"));
    assertThat(answer.get("abstained").asBoolean()).isFalse();
    assertThat(answer.get("answer").asText())
        .contains("Owls hunt mostly at night.")
        .contains("[1]");
    JsonNode cite = answer.get("citations").get(0);
    assertThat(cite.fieldNames())
        .toIterable()
        .containsExactly("n", "document", "location", "quote", "score");
    assertThat(cite.get("document").asText()).endsWith("owls.md");
    assertThat(cite.get("location").asText()).contains("Owls > Hunting");

    JsonNode abstain =
        json(Cli.run("ask", "--data", data, "--json", "What is the capital of Australia?"));
    assertThat(abstain.get("abstained").asBoolean()).isTrue();
    assertThat(abstain.get("answer").asText()).isEqualTo("The documents do not answer this.");

    JsonNode status = json(Cli.run("status", "--data", data, "--json"));
    JsonNode col = status.get("collections").get(0);
    assertThat(col.get("name").asText()).isEqualTo("default");
    assertThat(col.get("documents").asInt()).isEqualTo(2);
    assertThat(col.get("chunks").asInt()).isEqualTo(ingest.get("chunks").asInt());
    assertThat(status.get("index_bytes").asLong()).isPositive();
  }

  @Test
  void everyCommandPrintsItsHelp() {
    for (String[] args :
        List.of(
            new String[] {"--help"},
            new String[] {"ingest", "--help"},
            new String[] {"status", "--help"},
            new String[] {"search", "--help"},
            new String[] {"ask", "--help"},
            new String[] {"eval", "--help"},
            new String[] {"eval", "retrieval", "--help"},
            new String[] {"eval", "gate", "--help"},
            new String[] {"eval", "answers", "--help"},
            new String[] {"eval", "calibrate", "--help"},
            new String[] {"eval", "code", "--help"},
            new String[] {"eval", "tune", "--help"},
            new String[] {"demo", "--help"})) {
      Cli r = Cli.run(args);
      assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err()).isZero();
      assertThat(r.out()).as(String.join(" ", args)).contains("Usage: grounded");
    }
  }

  @Test
  void evalRetrievalScoresEachModeAndReusesTheIndexOnARerun() throws Exception {
    Path corpus =
        Files.writeString(
            tmp.resolve("corpus.jsonl"),
            String.join(
                    "\n",
                    "{\"_id\":\"d1\",\"title\":\"Owls\",\"text\":\"Owls hunt at night and eat mice.\"}",
                    "{\"_id\":\"d2\",\"title\":\"Bees\",\"text\":\"Bees make honey from the nectar of flowers.\"}",
                    "{\"_id\":\"d3\",\"title\":\"Trout\",\"text\":\"Trout live in cold, clean rivers and lakes.\"}")
                + "\n");
    Path queries =
        Files.writeString(
            tmp.resolve("queries.jsonl"),
            "{\"_id\":\"q1\",\"text\":\"which bird hunts mice at night\"}\n{\"_id\":\"q2\",\"text\":\"where does honey come from\"}\n"
                + "{\"_id\":\"q3\",\"text\":\"not judged\"}\n");
    Path qrels =
        Files.writeString(
            tmp.resolve("qrels.tsv"), "query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\t1\n");
    Path out = tmp.resolve("out/result.json");
    String[] args = {
      "eval",
      "retrieval",
      "--data",
      tmp.resolve("data").toString(),
      "--corpus",
      corpus.toString(),
      "--queries",
      queries.toString(),
      "--qrels",
      qrels.toString(),
      "--json",
      out.toString()
    };
    Cli r = Cli.run(args);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("ndcg@10").contains("bm25").contains("dense").contains("hybrid");
    JsonNode result = Json.MAPPER.readTree(out.toFile());
    assertThat(ReportSchema.violations(result)).as("report schema").isEmpty();
    assertThat(result.get("queries").asInt()).isEqualTo(2);
    assertThat(result.get("documents").asInt()).isEqualTo(3);
    for (String mode : List.of("bm25", "dense", "hybrid")) {
      JsonNode m = result.get("modes").get(mode);
      assertThat(m.get("ndcg@10").asDouble()).as(mode).isEqualTo(1.0);
      assertThat(m.get("recall@100").asDouble()).as(mode).isEqualTo(1.0);
      assertThat(m.get("mrr@10").asDouble()).as(mode).isEqualTo(1.0);
    }
    Cli again = Cli.run(args);
    assertThat(again.exit()).isZero();
    JsonNode status = json(Cli.run("status", "--data", tmp.resolve("data").toString(), "--json"));
    assertThat(status.get("collections").get(0).get("name").asText())
        .isEqualTo("eval-" + tmp.getFileName());
    assertThat(status.get("collections").get(0).get("documents").asInt()).isEqualTo(3);
  }

  @Test
  void theGateFailsADeliberatelyDegradedRetrievalRunAndPassesAnUnchangedOne() throws Exception {
    String owls =
        "{\"_id\":\"d1\",\"title\":\"Owls\",\"text\":\"Owls hunt at night and eat mice.\"}";
    String bees =
        "{\"_id\":\"d2\",\"title\":\"Bees\",\"text\":\"Bees make honey from the nectar of flowers.\"}";
    String trout =
        "{\"_id\":\"d3\",\"title\":\"Trout\",\"text\":\"Trout live in cold, clean rivers and lakes.\"}";
    // the degradation: document d1 lost its text (as a broken parser would leave it)
    String damaged = "{\"_id\":\"d1\",\"title\":\"\",\"text\":\"Granite is an igneous rock.\"}";
    Path queries =
        Files.writeString(
            tmp.resolve("queries.jsonl"),
            "{\"_id\":\"q1\",\"text\":\"which bird hunts mice at night\"}\n"
                + "{\"_id\":\"q2\",\"text\":\"where does honey come from\"}\n");
    Path qrels =
        Files.writeString(
            tmp.resolve("qrels.tsv"), "query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\t1\n");
    Path good = evalRetrieval("good", String.join("\n", owls, bees, trout), queries, qrels);
    Path again = evalRetrieval("again", String.join("\n", owls, bees, trout), queries, qrels);
    Path degraded =
        evalRetrieval("degraded", String.join("\n", damaged, bees, trout), queries, qrels);
    JsonNode report = Json.MAPPER.readTree(good.toFile());
    assertThat(ReportSchema.violations(report)).as("report schema").isEmpty();
    assertThat(report.get("schema").asText()).isEqualTo("grounded-eval/1");
    assertThat(report.get("metrics").get("hybrid.ndcg@10").asDouble()).isEqualTo(1.0);

    Cli pass =
        Cli.run(
            "eval",
            "gate",
            "--baseline",
            good.toString(),
            "--current",
            again.toString(),
            "--max-drop",
            "ndcg@10=0.01,mrr@10=2%");
    assertThat(pass.exit()).as(pass.out() + pass.err()).isZero();
    assertThat(pass.out()).contains("gate passed").contains("hybrid.ndcg@10");

    Cli fail =
        Cli.run(
            "eval",
            "gate",
            "--baseline",
            good.toString(),
            "--current",
            degraded.toString(),
            "--max-drop",
            "ndcg@10=0.01");
    assertThat(fail.exit()).as(fail.out() + fail.err()).isEqualTo(1);
    assertThat(fail.out()).contains("gate FAILED").containsPattern("hybrid\\.ndcg@10 .* fail");

    // a misspelt metric is an error, not a gate that silently passes
    Cli typo =
        Cli.run(
            "eval",
            "gate",
            "--baseline",
            good.toString(),
            "--current",
            degraded.toString(),
            "--max-drop",
            "ndcg@1O=0.01");
    assertThat(typo.exit()).isNotZero();
    assertThat(typo.errLines()).singleElement().asString().contains("ndcg@1O");
  }

  @Test
  void evalTuneScoresTheGridSavesTheBestAndSearchStillWorks() throws Exception {
    StringBuilder corpus = new StringBuilder(), queries = new StringBuilder();
    StringBuilder qrels = new StringBuilder("query-id\tcorpus-id\tscore\n");
    String[][] docs = {
      {"owls", "Owls hunt at night and eat mice and voles."},
      {"bees", "Bees make honey from the nectar of flowers."},
      {"trout", "Trout live in cold, clean rivers and lakes."},
      {"oaks", "Oak trees drop acorns in the autumn."},
      {"moles", "Moles dig tunnels under lawns and eat worms."},
      {"gulls", "Gulls follow fishing boats along the coast."}
    };
    String[] asks = {
      "what do owls eat", "where does honey come from", "which fish likes cold rivers",
      "what falls from oak trees", "which animal digs tunnels", "birds that follow boats"
    };
    for (int i = 0; i < docs.length; i++) {
      corpus
          .append("{\"_id\":\"")
          .append(docs[i][0])
          .append("\",\"title\":\"\",\"text\":\"")
          .append(docs[i][1])
          .append("\"}\n");
      queries
          .append("{\"_id\":\"q")
          .append(i)
          .append("\",\"text\":\"")
          .append(asks[i])
          .append("\"}\n");
      qrels.append("q").append(i).append('\t').append(docs[i][0]).append("\t1\n");
    }
    Path dir = Files.createDirectories(tmp.resolve("tiny"));
    Path c = Files.writeString(dir.resolve("corpus.jsonl"), corpus);
    Path q = Files.writeString(dir.resolve("queries.jsonl"), queries);
    Path r = Files.writeString(dir.resolve("qrels.tsv"), qrels);
    Path out = tmp.resolve("tune.json");
    String data = tmp.resolve("data").toString();
    Cli t =
        Cli.run(
            "eval",
            "tune",
            "--data",
            data,
            "--corpus",
            c.toString(),
            "--queries",
            q.toString(),
            "--qrels",
            r.toString(),
            "--save",
            "--json",
            out.toString());
    assertThat(t.exit()).as(t.err()).isZero();
    assertThat(t.out())
        .contains("settings scored by ndcg@10")
        .contains("held-out half")
        .contains("saved with collection 'eval-tiny'");
    JsonNode report = Json.MAPPER.readTree(out.toFile());
    assertThat(ReportSchema.violations(report)).as("report schema").isEmpty();
    assertThat(report.get("kind").asText()).isEqualTo("tune");
    assertThat(report.get("dev").size()).isGreaterThan(40);
    assertThat(report.get("metrics").has("tuned.ndcg@10")).isTrue();
    assertThat(tmp.resolve("data/index/eval-tiny/retrieval.json")).exists();
    // with a reranker, rerank depths over the best fusion are tried on the dev half too
    Path reranker = dev.grounded.embed.TinyCrossEncoder.write(tmp.resolve("cross-encoder"));
    Path reranked = tmp.resolve("tune-rerank.json");
    Cli tr =
        Cli.run(
            "eval",
            "tune",
            "--data",
            data,
            "--corpus",
            c.toString(),
            "--queries",
            q.toString(),
            "--qrels",
            r.toString(),
            "--reranker",
            reranker.toString(),
            "--json",
            reranked.toString());
    assertThat(tr.exit()).as(tr.err()).isZero();
    JsonNode rr = Json.MAPPER.readTree(reranked.toFile());
    assertThat(rr.get("dev").size()).isEqualTo(report.get("dev").size() + 3);
    assertThat(rr.get("dev").properties().stream().filter(e -> e.getKey().contains(" rerank=")))
        .hasSize(3);
    if (rr.get("best").asText().contains("rerank="))
      assertThat(rr.get("metrics").has("tuned, no rerank.ndcg@10")).isTrue();
    Cli s =
        Cli.run("search", "--data", data, "--collection", "eval-tiny", "--json", "honey", "nectar");
    assertThat(s.exit()).as(s.err()).isZero();
    assertThat(s.out()).contains("bees");

    Cli bad =
        Cli.run(
            "eval",
            "tune",
            "--data",
            data,
            "--corpus",
            c.toString(),
            "--queries",
            q.toString(),
            "--qrels",
            r.toString(),
            "--metric",
            "nope@3");
    assertThat(bad.exit()).isNotZero();
    assertThat(bad.errLines()).hasSize(1);
  }

  @Test
  void evalTuneWithoutQrelsTunesOnPseudoQueriesFromTheCorpusOrTheCollectionAndSaysSo()
      throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("animals"));
    Path corpus = dir.resolve("corpus.jsonl");
    try (var in = getClass().getResourceAsStream("/pseudo/corpus.jsonl")) {
      Files.copy(in, corpus);
    }
    String data = tmp.resolve("data").toString();
    Path out = tmp.resolve("free.json");
    Cli t =
        Cli.run(
            "eval",
            "tune",
            "--data",
            data,
            "--corpus",
            corpus.toString(),
            "--save",
            "--json",
            out.toString());
    assertThat(t.exit()).as(t.err()).isZero();
    // one chunk per document: too few for other-passage queries, so titles stand in
    assertThat(t.err()).contains("note: too few documents").contains("using title pseudo-queries");
    assertThat(t.out())
        .contains("dev pseudo-queries (title, of 26 made)")
        .contains("pseudo-queries (known-item, not real judgements)")
        .contains("saved with collection 'eval-animals' (label-free)");
    JsonNode report = Json.MAPPER.readTree(out.toFile());
    assertThat(ReportSchema.violations(report)).as("report schema").isEmpty();
    assertThat(report.get("tuned").asText()).isEqualTo("label-free");
    assertThat(report.get("pseudo_query_count").asInt()).isEqualTo(26);
    JsonNode saved =
        Json.MAPPER.readTree(tmp.resolve("data/index/eval-animals/retrieval.json").toFile());
    assertThat(saved.get("tuned").asText()).isEqualTo("label-free");
    assertThat(report.get("best").asText()).startsWith(saved.get("fusion").asText());

    // the same collection again, its documents read back from the index, another generator
    Cli c =
        Cli.run(
            "eval",
            "tune",
            "--data",
            data,
            "--collection",
            "eval-animals",
            "--pseudo-queries",
            "sentence-no-rare",
            "--guard",
            "--sample",
            "20");
    assertThat(c.exit()).as(c.err()).isZero();
    assertThat(c.out()).contains("dev pseudo-queries (sentence-no-rare, of 20 made)");
    // other-passage queries need documents of two chunks or more: these have one each
    Cli one =
        Cli.run(
            "eval",
            "tune",
            "--data",
            data,
            "--collection",
            "eval-animals",
            "--pseudo-queries",
            "other-passage");
    assertThat(one.exit()).isNotZero();
    assertThat(one.errLines()).singleElement().asString().contains("2+ chunks");
    Cli s = Cli.run("search", "--data", data, "--collection", "eval-animals", "honey", "nectar");
    assertThat(s.exit()).as(s.err()).isZero();
    assertThat(s.out()).contains("bees");
  }

  private Path evalRetrieval(String name, String corpusLines, Path queries, Path qrels)
      throws Exception {
    Path corpus = tmp.resolve(name).resolve("corpus.jsonl");
    Files.createDirectories(corpus.getParent());
    Files.writeString(corpus, corpusLines + "\n");
    Path out = tmp.resolve(name + ".json");
    Cli r =
        Cli.run(
            "eval",
            "retrieval",
            "--data",
            tmp.resolve("data-" + name).toString(),
            "--corpus",
            corpus.toString(),
            "--queries",
            queries.toString(),
            "--qrels",
            qrels.toString(),
            "--json",
            out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    return out;
  }

  @Test
  void theDemoAnswersEachBundledQuestionWithTheExpectedSentenceCited() throws Exception {
    Cli r = Cli.run("demo", "--data", tmp.resolve("data").toString());
    assertThat(r.exit()).as(r.err() + r.out()).isZero();
    List<String[]> expected = expectedAnswers();
    assertThat(expected).hasSizeBetween(3, 5);
    for (String[] e : expected) {
      assertThat(r.out()).as("answer to %s quotes %s from %s", e[0], e[2], e[1]).contains(e[2]);
    }
    assertThat(r.out()).doesNotContain("The documents do not answer this.");
  }

  /** From questions.txt: {question, file, sentence}. */
  static List<String[]> expectedAnswers() throws Exception {
    List<String> questions = DemoCommand.questions();
    List<String[]> out = new ArrayList<>();
    try (var in = CliCommandsTest.class.getClassLoader().getResourceAsStream("demo/questions.txt");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line : r.lines().toList()) {
        if (!line.startsWith("# Q")) continue;
        String[] parts = line.substring(2).split("\\|");
        int n = Integer.parseInt(parts[0].strip().substring(1));
        out.add(new String[] {questions.get(n - 1), parts[1].strip(), parts[2].strip()});
      }
    }
    return out;
  }
}
