package dev.grounded.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Reads the real BEIR SciFact files from the shared data folder; skipped where that folder is
 * absent.
 */
class SciFactDatasetTest {
  private static Path scifact() {
    return SharedData.scifact();
  }

  @Test
  void sciFactTestSplitHas5183DocumentsAnd300EvaluatedQueries() {
    Path dir = scifact();

    BeirDataset dataset =
        BeirDataset.read(
            dir.resolve("corpus.jsonl"),
            dir.resolve("queries.jsonl"),
            dir.resolve("qrels/test.tsv"));

    assertThat(dataset.corpus()).hasSize(5183);
    assertThat(dataset.queries()).hasSize(1109);
    assertThat(dataset.evaluatedQueryIds()).hasSize(300);
    assertThat(dataset.qrels().values().stream().mapToInt(Map::size).sum()).isEqualTo(339);
    assertThat(dataset.qrels().values())
        .allSatisfy(judged -> assertThat(judged.values()).allMatch(rel -> rel > 0));
  }

  @Test
  void sciFactCorpusStreamsEveryDocument() {
    Path dir = scifact();
    AtomicInteger count = new AtomicInteger();

    BeirReader.forEachDocument(dir.resolve("corpus.jsonl"), document -> count.incrementAndGet());

    assertThat(count).hasValue(5183);
  }

  @Test
  void sciFactTrainQrelsParse() {
    Path dir = scifact();

    assertThat(BeirReader.readQrels(dir.resolve("qrels/train.tsv"))).hasSize(809);
  }
}
