package dev.grounded.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grounded.ingest.chunk.StructureChunker;
import dev.grounded.ingest.parse.ParseLimits;
import dev.grounded.ingest.parse.TikaParser;
import dev.grounded.ingest.parse.ZipBombs;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestLimitsTest {
  @TempDir Path tmp;

  private KnowledgeBase knowledgeBase(ParseLimits limits) {
    return new KnowledgeBase(
        tmp.resolve("data"),
        new TikaParser(limits),
        new StructureChunker(Fixtures.TOKENIZER, 256, 32),
        Fixtures.EMBEDDER,
        Fixtures.EXECUTOR,
        "test-settings",
        IngestOptions.DEFAULTS,
        limits);
  }

  @Test
  void inAFolderTheOverLimitFilesFailAloneAndTheOthersAreIndexed() throws Exception {
    Path docs = tmp.resolve("docs");
    Fixtures.write(docs.resolve("alpha.md"), Fixtures.markdown("alpha", 2));
    Fixtures.write(
        docs.resolve("bravo.txt"), "Bravo is a plain text file.\n\nIt has two paragraphs.");
    Fixtures.write(docs.resolve("many.md"), Fixtures.markdown("many", 12));
    ZipBombs.docx(docs.resolve("bomb.docx"), 1L << 30);
    ParseLimits limits = ParseLimits.DEFAULTS.withMaxChunks(8);
    try (KnowledgeBase kb = knowledgeBase(limits)) {
      IngestSummary s = kb.ingestPaths("c", List.of(docs), false, IngestListener.NONE);
      assertThat(s.files()).isEqualTo(4);
      assertThat(s.documents()).isEqualTo(2);
      assertThat(s.failed()).isEqualTo(2);
      Map<String, String> reasons =
          s.failures().stream()
              .collect(
                  Collectors.toMap(
                      f -> Path.of(f.source()).getFileName().toString(),
                      IngestEvent.Failed::reason));
      assertThat(reasons.get("many.md"))
          .isEqualTo(
              docs.resolve("many.md").toAbsolutePath()
                  + ": the document makes 12 chunks, more than the limit of 8 (ingest.max_chunks)");
      assertThat(reasons.get("bomb.docx"))
          .startsWith(docs.resolve("bomb.docx").toAbsolutePath() + ": zip bomb: ")
          .endsWith("(ingest.zip_min_inflate_ratio)");
      assertThat(kb.documents("c", null, 10))
          .extracting(e -> Path.of(e.source()).getFileName().toString())
          .containsExactlyInAnyOrder("alpha.md", "bravo.txt");
    }
  }
}
