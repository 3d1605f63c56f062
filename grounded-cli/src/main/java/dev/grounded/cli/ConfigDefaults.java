package dev.grounded.cli;

import dev.grounded.core.GroundedException;
import dev.grounded.core.config.Config;
import dev.grounded.core.config.Setting;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Gives picocli the defaults of options that name a setting by {@code descriptionKey}: the value
 * from the environment, else the configuration file, else the setting's default. A flag on the
 * command line still wins (picocli asks only for options not given). Picocli asks after the
 * command's own options are matched, so {@code --config} and {@code --data} are known here.
 *
 * <p>An invalid configuration gives the settings' defaults here (so {@code --help} still works);
 * the command then fails at start with the configuration's error, see {@link DataOption#loaded}.
 */
final class ConfigDefaults implements IDefaultValueProvider {
  private final Map<String, String> env;
  private final Map<List<Path>, Config> loaded = new HashMap<>();

  ConfigDefaults(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec option)) return null;
    // picocli's own options (--help, --version) have description keys too: only settings count.
    Setting<?> setting = GroundedSettings.ALL.find(option.descriptionKey()).orElse(null);
    if (setting == null) return null;
    String text = config(arg.command()).text(setting);
    return text.isEmpty() ? null : text;
  }

  private synchronized Config config(CommandSpec command) {
    Path configFlag = value(command, "--config"), dataFlag = value(command, "--data");
    return loaded.computeIfAbsent(
        java.util.Arrays.asList(configFlag, dataFlag),
        k -> {
          try {
            return ConfigLoader.load(configFlag, dataFlag, env).config();
          } catch (GroundedException e) {
            return Config.defaults(GroundedSettings.ALL);
          }
        });
  }

  private static Path value(CommandSpec command, String name) {
    OptionSpec o = command.findOption(name);
    return o == null ? null : (Path) o.getValue();
  }
}
