package dev.grounded.ingest;

import dev.grounded.embed.OnnxEmbedder;
import dev.grounded.embed.WordPieceTokenizer;
import dev.grounded.ingest.chunk.StructureChunker;
import dev.grounded.ingest.parse.TikaParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Real components for ingest tests: the bge model, Tika, the structure chunker. One model per JVM.
 */
final class Fixtures {
  static final WordPieceTokenizer TOKENIZER = WordPieceTokenizer.bgeSmallEnV15();
  static final OnnxEmbedder EMBEDDER = OnnxEmbedder.bgeSmallEnV15Q(2);
  static final ExecutorService EXECUTOR = Executors.newVirtualThreadPerTaskExecutor();

  private Fixtures() {}

  static KnowledgeBase knowledgeBase(Path data, IngestOptions options) {
    return new KnowledgeBase(
        data,
        new TikaParser(),
        new StructureChunker(TOKENIZER, 256, 32),
        EMBEDDER,
        EXECUTOR,
        "test-settings",
        options);
  }

  static KnowledgeBase knowledgeBase(Path data) {
    return knowledgeBase(data, IngestOptions.DEFAULTS);
  }

  static Path write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      return Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A markdown file of a few sections whose words are unique to {@code name}. */
  static String markdown(String name, int sections) {
    StringBuilder sb = new StringBuilder("# Notes on " + name + "\n\n");
    for (int i = 0; i < sections; i++) {
      sb.append("## Part ").append(i).append(" of ").append(name).append("\n\n");
      sb.append("The ")
          .append(name)
          .append(" project keeps record ")
          .append(i)
          .append(" in a ledger. Each entry is checked twice by the ")
          .append(name)
          .append(" team before release.\n\n");
    }
    return sb.toString();
  }
}
