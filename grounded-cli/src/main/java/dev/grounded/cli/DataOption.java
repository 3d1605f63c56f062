package dev.grounded.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --data DIR} option: where the data directory is. */
final class DataOption {
  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "Data directory (default: $GROUNDED_DATA or ./grounded-data).")
  Path data;

  Path dataDir() {
    if (data != null) return data;
    String env = System.getenv("GROUNDED_DATA");
    return Path.of(env == null || env.isBlank() ? "grounded-data" : env);
  }

  /** The data directory's SQLite file: manifest, collections, API keys. */
  Path database() {
    return dataDir().resolve("grounded.db");
  }
}
