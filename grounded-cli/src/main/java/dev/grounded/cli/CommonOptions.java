package dev.grounded.cli;

import dev.grounded.ingest.KnowledgeBase;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command takes: where the data lives, and which collection. */
final class CommonOptions {
  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "Data directory (default: $GROUNDED_DATA or ./grounded-data).")
  Path data;

  @Option(
      names = "--collection",
      paramLabel = "NAME",
      description =
          "Collection to use (default: default; eval retrieval: eval-<corpus folder>; demo: demo).")
  String collection;

  Path dataDir() {
    if (data != null) return data;
    String env = System.getenv("GROUNDED_DATA");
    return Path.of(env == null || env.isBlank() ? "grounded-data" : env);
  }

  String collection() {
    return KnowledgeBase.checkCollection(collection == null ? "default" : collection);
  }
}
