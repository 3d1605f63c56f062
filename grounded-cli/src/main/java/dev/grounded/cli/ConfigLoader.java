package dev.grounded.cli;

import dev.grounded.core.GroundedException;
import dev.grounded.core.config.Config;
import dev.grounded.core.config.ConfigEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds and loads the configuration: the file given by {@code --config}, else {@code
 * $GROUNDED_CONFIG}, else {@code <data>/grounded.yaml} (which may be missing); then the
 * environment; the data directory is {@code --data}, else the configuration's {@code data_dir}.
 */
final class ConfigLoader {
  static final String FILE_NAME = "grounded.yaml";

  private ConfigLoader() {}

  /** The configuration in effect, the file it was read from (if any) and the data directory. */
  record Loaded(Config config, Optional<Path> file, Path dataDir, boolean dataFromFlag) {
    Loaded {
      Objects.requireNonNull(config, "config");
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(dataDir, "dataDir");
    }
  }

  /**
   * @param configFlag {@code --config}, or null
   * @param dataFlag {@code --data}, or null
   * @param env the environment ({@code System.getenv()}, or a map in tests)
   */
  static Loaded load(Path configFlag, Path dataFlag, Map<String, String> env) {
    Path explicit = configFlag;
    String from = "--config";
    if (explicit == null && !blank(env.get("GROUNDED_CONFIG"))) {
      explicit = Path.of(env.get("GROUNDED_CONFIG"));
      from = "GROUNDED_CONFIG";
    }
    Path file;
    if (explicit != null) {
      if (!Files.isRegularFile(explicit))
        throw GroundedException.invalid(
            "config", "configuration file " + explicit + " (from " + from + ") does not exist");
      file = explicit;
    } else {
      String envData = env.get("GROUNDED_DATA");
      Path data =
          dataFlag != null
              ? dataFlag
              : blank(envData)
                  ? GroundedSettings.DATA_DIR.defaultValue().orElseThrow()
                  : Path.of(envData);
      file = data.resolve(FILE_NAME);
      if (!Files.exists(file)) file = null;
    }
    List<ConfigEntry> entries = file == null ? List.of() : YamlConfigFile.read(file);
    if (explicit == null)
      for (ConfigEntry e : entries)
        if (e.key().equals(GroundedSettings.DATA_DIR.key()))
          throw GroundedException.invalid(
              "data_dir",
              file
                  + ":"
                  + e.line()
                  + ": key 'data_dir': cannot be set in the data directory's own "
                  + FILE_NAME
                  + "; give the file with --config or GROUNDED_CONFIG");
    Config config =
        Config.resolve(GroundedSettings.ALL, file == null ? "" : file.toString(), entries, env);
    GatewayPlan.of(config); // providers, aliases and gateway settings are checked as a whole
    LimitsPlan.of(config); // prices and budget settings
    Path dataDir = dataFlag != null ? dataFlag : config.get(GroundedSettings.DATA_DIR);
    return new Loaded(config, Optional.ofNullable(file), dataDir, dataFlag != null);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
