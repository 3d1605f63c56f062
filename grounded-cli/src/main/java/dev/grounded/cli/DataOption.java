package dev.grounded.cli;

import dev.grounded.core.config.Config;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --data DIR} and {@code --config FILE} options: where the data directory is, and the
 * configuration in effect (validated on first use, so a command fails at start on a bad file).
 */
final class DataOption {
  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "Data directory (default: $GROUNDED_DATA, data_dir in --config, ./grounded-data).")
  Path data;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Configuration file (default: $GROUNDED_CONFIG, else <data>/grounded.yaml if it exists).")
  Path config;

  private ConfigLoader.Loaded loaded;

  /** The configuration, its file and the data directory; fails on an invalid configuration. */
  synchronized ConfigLoader.Loaded loaded() {
    if (loaded == null) loaded = ConfigLoader.load(config, data, System.getenv());
    return loaded;
  }

  Config config() {
    return loaded().config();
  }

  Path dataDir() {
    return loaded().dataDir();
  }

  /** The data directory's SQLite file: manifest, collections, API keys. */
  Path database() {
    return dataDir().resolve("grounded.db");
  }

  /** The data directory's stages, with the ingest limits of the configuration. */
  App app() {
    return app(config().get(GroundedSettings.INGEST_LOCK_WAIT));
  }

  /** The same, with a lock wait given on the command line. */
  App app(java.time.Duration lockWait) {
    return new App(
        dataDir(),
        GroundedSettings.parseLimits(config()),
        lockWait,
        GuardPlan.of(config()).guardrails());
  }
}
