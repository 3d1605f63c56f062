package dev.grounded.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TikaParserConcurrencyTest {
  @TempDir Path dir;

  @Test
  void oneParserSharedByManyThreadsGivesTheSameResultsAsOneThread() throws Exception {
    List<Path> files =
        List.of(
            Fixtures.pdf(
                dir.resolve("a.pdf"), "A", List.of(List.of("Page one."), List.of("Page two."))),
            Fixtures.docx(dir.resolve("b.docx"), null, "# H", "Body."),
            Files.writeString(dir.resolve("c.html"), "<h1>T</h1><p>x y</p>"),
            Files.writeString(dir.resolve("d.md"), "# M\n\ntext\n"));
    TikaParser parser = new TikaParser();
    List<ParsedDocument> expected = files.stream().map(parser::parse).toList();
    List<Future<ParsedDocument>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      for (int round = 0; round < 8; round++) {
        for (Path file : files) futures.add(pool.submit(() -> parser.parse(file)));
      }
      for (int i = 0; i < futures.size(); i++) {
        assertThat(futures.get(i).get()).isEqualTo(expected.get(i % files.size()));
      }
    }
  }
}
