package dev.grounded.cli;

import dev.grounded.core.config.Config;
import dev.grounded.core.config.Origin;
import dev.grounded.core.config.Section;
import dev.grounded.core.config.Setting;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code grounded config show|check|keys}: the configuration in effect, without secrets. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Show or check the configuration (grounded.yaml, GROUNDED_* variables, flags).",
    subcommands = {ConfigCommand.Show.class, ConfigCommand.Check.class, ConfigCommand.Keys.class})
final class ConfigCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing subcommand: show, check or keys");
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description =
          "Print every setting's effective value and where it came from (default, file, env,"
              + " flag). Secrets are never configuration keys, so none is printed.")
  static final class Show implements Callable<Integer> {
    @Mixin DataOption data;

    @Option(names = "--json", description = "Print as JSON.")
    boolean json;

    @Override
    public Integer call() {
      ConfigLoader.Loaded loaded = data.loaded();
      Config config = loaded.config();
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Setting<?> s : config.settings().all()) {
        boolean flag = s == GroundedSettings.DATA_DIR && loaded.dataFromFlag();
        String value = flag ? loaded.dataDir().toString() : config.text(s);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("key", s.key());
        // null: unset (no default); "" is a set but empty value (an empty list)
        row.put("value", value.isEmpty() && !flag && config.find(s).isEmpty() ? null : value);
        row.put("origin", (flag ? Origin.FLAG : config.origin(s)).toString());
        rows.add(row);
      }
      String file = loaded.file().map(Path::toString).orElse(null);
      if (json) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("file", file);
        out.put("settings", rows);
        System.out.println(Json.write(out));
        return 0;
      }
      System.out.println("file: " + (file == null ? "none" : file));
      for (Map<String, Object> r : rows)
        System.out.printf(
            "%-28s %-24s %s%n",
            r.get("key"),
            r.get("value") == null
                ? "(unset)"
                : r.get("value").equals("") ? "(none)" : r.get("value"),
            r.get("origin"));
      return 0;
    }
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description =
          "Validate a configuration file (default: the one in effect) and the GROUNDED_*"
              + " variables; exit 1 with the file, line and key of the first error.")
  static final class Check implements Callable<Integer> {
    @Mixin DataOption data;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "The file to check.")
    Path file;

    @Override
    public Integer call() {
      if (file != null) data.config = file;
      ConfigLoader.Loaded loaded = data.loaded();
      System.out.println(
          loaded.file().map(f -> f + ": ok").orElse("no configuration file: defaults are valid"));
      return 0;
    }
  }

  @Command(
      name = "keys",
      mixinStandardHelpOptions = true,
      description = "Print every configuration key as a Markdown table (as in README).")
  static final class Keys implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      Map<String, TreeSet<String>> flags = new LinkedHashMap<>();
      collectFlags(spec.root(), flags);
      // Options resolved in code rather than through ConfigDefaults (see DataOption,
      // CommonOptions).
      flags.computeIfAbsent(GroundedSettings.DATA_DIR.key(), k -> new TreeSet<>()).add("--data");
      flags
          .computeIfAbsent(GroundedSettings.COLLECTION.key(), k -> new TreeSet<>())
          .add("--collection");
      flags
          .computeIfAbsent(GroundedSettings.SERVER_INGEST_ROOTS.key(), k -> new TreeSet<>())
          .add("--ingest-root");
      System.out.println("| key | default | environment | flag | description |");
      System.out.println("|---|---|---|---|---|");
      for (Setting<?> s : GroundedSettings.ALL.all()) {
        String def = s.defaultText();
        System.out.printf(
            "| `%s` | %s | %s | %s | %s |%n",
            s.key(),
            s.defaultValue().isEmpty() ? "(unset)" : def.isEmpty() ? "(none)" : "`" + def + "`",
            String.join(", ", s.env().stream().map(e -> "`" + e + "`").toList()),
            String.join(
                ", ",
                flags.getOrDefault(s.key(), new TreeSet<>()).stream()
                    .map(f -> "`" + f + "`")
                    .toList()),
            s.doc().replace("|", "\\|"));
      }
      // Entries under names of the user's choosing: no environment variable, no flag.
      for (Section section : GroundedSettings.ALL.sections())
        for (Setting<?> f : section.fields())
          System.out.printf(
              "| `%s` | %s |  |  | %s |%n",
              section.pattern(f),
              section.required().contains(f.key())
                  ? "(required)"
                  : f.defaultText().isEmpty() ? "(none)" : "`" + f.defaultText() + "`",
              ((f == section.fields().getFirst() ? section.doc() + " " : "")
                      + f.doc().replaceFirst("^Required\\. ", ""))
                  .replace("|", "\\|"));
      return 0;
    }

    private static void collectFlags(
        CommandLine.Model.CommandSpec command, Map<String, TreeSet<String>> out) {
      for (CommandLine.Model.OptionSpec o : command.options())
        if (!o.descriptionKey().isEmpty())
          out.computeIfAbsent(o.descriptionKey(), k -> new TreeSet<>()).add(o.longestName());
      for (CommandLine sub : command.subcommands().values())
        if (sub.getCommandSpec() != command) collectFlags(sub.getCommandSpec(), out);
    }
  }
}
