package dev.grounded.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BeirReaderTest {
  @TempDir Path dir;

  private Path write(String name, String... lines) throws IOException {
    return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertInvalid(
      Runnable read, Path file, String what) {
    return assertThatThrownBy(read::run)
        .isInstanceOf(GroundedException.class)
        .satisfies(
            e -> assertThat(((GroundedException) e).code()).isEqualTo(ErrorCode.INVALID_REQUEST))
        .hasMessageStartingWith(file.toString())
        .hasMessageContaining(what);
  }

  @Test
  void aCorpusReadsIdsAsStringsAndAMissingOrNullTitleAsEmpty() throws IOException {
    Path corpus =
        write(
            "corpus.jsonl",
            "{\"_id\": \"4983\", \"title\": \"Brains\", \"text\": \"White matter.\", \"metadata\": {\"x\": 1}}",
            "",
            "{\"_id\": \"007\", \"text\": \"No title here.\"}",
            "{\"_id\": \"d3\", \"title\": null, \"text\": \"\"}");

    List<BeirDocument> documents = BeirReader.readCorpus(corpus);

    assertThat(documents)
        .containsExactly(
            new BeirDocument("4983", "Brains", "White matter."),
            new BeirDocument("007", "", "No title here."),
            new BeirDocument("d3", "", ""));
    assertThat(documents.get(0).fullText()).isEqualTo("Brains\n\nWhite matter.");
    assertThat(documents.get(1).fullText()).isEqualTo("No title here.");
  }

  @Test
  void aCorpusCanBeStreamedOneDocumentAtATime() throws IOException {
    Path corpus =
        write(
            "corpus.jsonl",
            "{\"_id\": \"a\", \"text\": \"one\"}",
            "{\"_id\": \"b\", \"text\": \"two\"}");
    List<String> seen = new ArrayList<>();

    BeirReader.forEachDocument(corpus, document -> seen.add(document.id()));

    assertThat(seen).containsExactly("a", "b");
  }

  @Test
  void eachMalformedCorpusLineIsReportedWithItsFileAndLineNumber() throws IOException {
    String good = "{\"_id\": \"a\", \"text\": \"ok\"}";
    Map<String, String> badLineToError =
        Map.of(
            "{\"_id\": \"b\", \"text\": ",
            "malformed JSON",
            "[1, 2]",
            "expected a JSON object",
            "{\"title\": \"t\", \"text\": \"no id\"}",
            "missing \"_id\"",
            "{\"_id\": \"\", \"text\": \"blank id\"}",
            "empty \"_id\"",
            "{\"_id\": \"b\", \"title\": \"no text\"}",
            "missing \"text\"",
            "{\"_id\": \"b\", \"text\": 42}",
            "\"text\" is not a string",
            good,
            "duplicate _id 'a'");
    for (Map.Entry<String, String> bad : badLineToError.entrySet()) {
      Path corpus = write("corpus.jsonl", good, "", bad.getKey());
      assertInvalid(() -> BeirReader.readCorpus(corpus), corpus, corpus + ":3: " + bad.getValue());
    }
  }

  @Test
  void aCorpusWithoutDocumentsIsAnError() throws IOException {
    Path empty = write("corpus.jsonl", "", "  ");

    assertInvalid(() -> BeirReader.readCorpus(empty), empty, empty + ": no documents");
    assertInvalid(
        () -> BeirReader.forEachDocument(empty, document -> {}), empty, empty + ": no documents");
  }

  @Test
  void aMissingFileIsAnErrorNamingIt() {
    Path missing = dir.resolve("nope.jsonl");

    assertInvalid(() -> BeirReader.readQueries(missing), missing, "file not found");
  }

  @Test
  void queriesReadInFileOrderAndRejectAMissingTextOrId() throws IOException {
    Path queries =
        write(
            "queries.jsonl",
            "{\"_id\": \"2\", \"text\": \"second\", \"metadata\": {}}",
            "{\"_id\": \"0\", \"text\": \"first\"}");
    assertThat(BeirReader.readQueries(queries))
        .containsExactly(Map.entry("2", "second"), Map.entry("0", "first"));

    Path noText = write("q1.jsonl", "{\"_id\": \"1\", \"text\": \"x\"}", "{\"_id\": \"2\"}");
    assertInvalid(() -> BeirReader.readQueries(noText), noText, noText + ":2: missing \"text\"");
    Path noId = write("q2.jsonl", "{\"text\": \"x\"}");
    assertInvalid(() -> BeirReader.readQueries(noId), noId, noId + ":1: missing \"_id\"");
  }

  @Test
  void qrelsSkipAHeaderLineAndBlankLines() throws IOException {
    Path withHeader =
        write(
            "with.tsv",
            "query-id\tcorpus-id\tscore",
            "1\t31715818\t1",
            "",
            "1\t42\t0",
            "3\t14717500\t2");
    Path without = write("without.tsv", "1\t31715818\t1", "1\t42\t0", "3\t14717500\t2");

    Map<String, Map<String, Integer>> qrels = BeirReader.readQrels(withHeader);

    assertThat(qrels)
        .isEqualTo(Map.of("1", Map.of("31715818", 1, "42", 0), "3", Map.of("14717500", 2)));
    assertThat(qrels.keySet()).containsExactly("1", "3");
    assertThat(BeirReader.readQrels(without)).isEqualTo(qrels);
  }

  @Test
  void eachMalformedQrelsLineIsReportedWithItsLineNumber() throws IOException {
    String columns = "expected 3 tab-separated columns (query-id, corpus-id, score), found ";
    Map<String, String> badLineToError =
        Map.of(
            "1\t2", columns + 2,
            "1\t2\t1\textra", columns + 4,
            "1 2 1", columns + 1,
            "1\t2\thigh", "score 'high' is not an integer",
            "1\t2\t0.5", "score '0.5' is not an integer",
            "\t2\t1", "empty query-id or corpus-id",
            "1\t9\t1", "duplicate judgement for query '1' and document '9'");
    for (Map.Entry<String, String> bad : badLineToError.entrySet()) {
      Path qrels = write("test.tsv", "query-id\tcorpus-id\tscore", "1\t9\t1", bad.getKey());
      assertInvalid(() -> BeirReader.readQrels(qrels), qrels, qrels + ":3: " + bad.getValue());
    }
  }

  @Test
  void onlyTheFirstLineMayBeAHeader() throws IOException {
    Path qrels = write("test.tsv", "1\t9\t1", "query-id\tcorpus-id\tscore");

    assertInvalid(
        () -> BeirReader.readQrels(qrels), qrels, qrels + ":2: score 'score' is not an integer");
  }

  @Test
  void aDatasetEvaluatesOnlyJudgedQueriesAndRejectsAJudgedQueryWithoutText() throws IOException {
    Path corpus = write("corpus.jsonl", "{\"_id\": \"d1\", \"text\": \"x\"}");
    Path queries =
        write(
            "queries.jsonl",
            "{\"_id\": \"1\", \"text\": \"one\"}",
            "{\"_id\": \"2\", \"text\": \"two\"}",
            "{\"_id\": \"3\", \"text\": \"three\"}");
    Path qrels = write("test.tsv", "3\td1\t1", "1\td1\t0");

    BeirDataset dataset = BeirDataset.read(corpus, queries, qrels);

    assertThat(dataset.evaluatedQueryIds()).containsExactly("3", "1");
    assertThat(dataset.evaluatedQueries())
        .containsExactly(Map.entry("3", "three"), Map.entry("1", "one"));
    Path orphan = write("orphan.tsv", "1\td1\t1", "7\td1\t1");
    assertInvalid(
        () -> BeirDataset.read(corpus, queries, orphan),
        orphan,
        "query id '7' is not in " + queries);
  }
}
