package dev.grounded.cli;

import dev.grounded.ingest.KnowledgeBase;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options every command takes: where the data lives, and which collection. */
final class CommonOptions {
  @Mixin DataOption data;

  @Option(
      names = "--collection",
      paramLabel = "NAME",
      description =
          "Collection to use (default: the collection setting, default; eval retrieval:"
              + " eval-<corpus folder>; demo: demo).")
  String collection;

  Path dataDir() {
    return data.dataDir();
  }

  /** The data directory's stages, configured. */
  App app() {
    return data.app();
  }

  App app(java.time.Duration lockWait) {
    return data.app(lockWait);
  }

  String collection() {
    return KnowledgeBase.checkCollection(
        collection != null ? collection : data.config().get(GroundedSettings.COLLECTION));
  }
}
