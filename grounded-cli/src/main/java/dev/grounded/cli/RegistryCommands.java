package dev.grounded.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.registry.Kind;
import dev.grounded.gateway.registry.Label;
import dev.grounded.gateway.registry.Registry;
import dev.grounded.gateway.registry.Split;
import dev.grounded.gateway.registry.Version;
import dev.grounded.gateway.registry.VersionDiff;
import dev.grounded.server.RegistryViews;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The subcommands {@code grounded prompts} and {@code grounded aliases} share: list, show, diff,
 * label, rollback, on the data directory's registry (what {@code /api/prompts} and {@code
 * /api/aliases} do, same JSON with {@code --json}). Safe while servers run: they read the registry
 * on every request, so a moved label applies from their next request on.
 */
final class RegistryCommands {
  private RegistryCommands() {}

  /** The options every subcommand has: data directory, tenant, JSON output. */
  abstract static class Base implements Callable<Integer> {
    @Mixin DataOption data;

    @Option(
        names = "--tenant",
        paramLabel = "TENANT",
        defaultValue = "default",
        description = "Tenant whose entries these are (default: default, the open-mode tenant).")
    String tenant;

    @Option(names = "--json", description = "Print as JSON (the API's shapes).")
    boolean json;

    abstract Kind kind();

    abstract Integer run(Registry r);

    @Override
    public Integer call() {
      try (Registry r = Prompts.open(data.database())) {
        return run(r);
      }
    }

    String noun() {
      return kind() == Kind.PROMPT ? "prompt" : "alias";
    }

    void existing(Registry r, String name) {
      if (r.versions(tenant, kind(), Registry.checkName(name)).isEmpty())
        throw GroundedException.notFound(
            "no " + noun() + " '" + name + "' for tenant '" + tenant + "'");
    }

    static void print(String text) {
      System.out.println(text);
    }
  }

  abstract static class ListEntries extends Base {
    @Override
    Integer run(Registry r) {
      List<String> names = r.names(tenant, kind());
      if (json) {
        var out = Json.MAPPER.createObjectNode();
        out.put("object", "list");
        var data = out.putArray("data");
        for (String n : names) data.add(RegistryViews.summary(r, tenant, kind(), n));
        print(Json.write(out));
        return 0;
      }
      if (names.isEmpty()) {
        print("no " + noun() + "s yet for tenant '" + tenant + "'");
        return 0;
      }
      for (String n : names) {
        List<Version> vs = r.versions(tenant, kind(), n);
        print(
            n
                + "  latest "
                + (vs.isEmpty() ? 0 : vs.getLast().number())
                + "  "
                + labels(r.labels(tenant, kind(), n)));
      }
      return 0;
    }
  }

  static String labels(Map<String, Label> labels) {
    if (labels.isEmpty()) return "(no labels)";
    return labels.values().stream()
        .map(l -> l.name() + "=" + l.describe())
        .collect(Collectors.joining(", "));
  }

  abstract static class Show extends Base {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--version", paramLabel = "N", description = "Print this version's definition.")
    Integer version;

    @Option(
        names = "--label",
        paramLabel = "LABEL",
        description = "Print the definition this label serves (latest: the newest version).")
    String label;

    @Override
    Integer run(Registry r) {
      existing(r, name);
      if (version != null && label != null)
        throw GroundedException.invalid("version", "give --version or --label, not both");
      if (version == null && label == null) {
        if (json) {
          print(Json.write(RegistryViews.entry(r, tenant, kind(), name)));
          return 0;
        }
        print(name + "  " + labels(r.labels(tenant, kind(), name)));
        for (Version v : r.versions(tenant, kind(), name))
          print(
              "  "
                  + v.number()
                  + "  "
                  + (v.createdAt().getEpochSecond() == 0
                      ? "built-in"
                      : KeysCommand.time(v.createdAt()))
                  + (v.note().isEmpty() ? "" : "  " + v.note()));
        return 0;
      }
      Version v =
          r.resolve(
                  tenant,
                  kind(),
                  name,
                  Optional.ofNullable(version),
                  label == null ? "" : label,
                  "cli")
              .orElseThrow(() -> GroundedException.notFound("no " + noun() + " '" + name + "'"))
              .version();
      if (label != null
          && r.labels(tenant, kind(), name).containsKey(label)
          && r.labels(tenant, kind(), name).get(label).split().isPresent())
        System.err.println(
            "grounded: label '" + label + "' is split; this is its main version " + v.number());
      ObjectNode view = RegistryViews.version(v, r.labels(tenant, kind(), name));
      print(json ? Json.write(view) : Json.write(v.body()));
      return 0;
    }
  }

  abstract static class Diff extends Base {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(
        index = "1",
        arity = "0..1",
        paramLabel = "FROM",
        description = "Version to diff from (default: the one before TO).")
    Integer from;

    @Parameters(
        index = "2",
        arity = "0..1",
        paramLabel = "TO",
        description = "Version to diff to (default: the latest).")
    Integer to;

    @Override
    Integer run(Registry r) {
      existing(r, name);
      List<Version> all = r.versions(tenant, kind(), name);
      Version b = to == null ? all.getLast() : get(r, to);
      Version a = from == null ? all.get(Math.max(0, all.indexOf(b) - 1)) : get(r, from);
      List<String> lines = VersionDiff.lines(a, b);
      if (json) {
        var o = Json.MAPPER.createObjectNode();
        o.put("object", noun() + ".diff");
        o.put("name", name);
        o.put("from", a.number());
        o.put("to", b.number());
        var arr = o.putArray("lines");
        lines.forEach(arr::add);
        print(Json.write(o));
      } else {
        print("--- " + a.ref());
        print("+++ " + b.ref());
        lines.forEach(Base::print);
      }
      return 0;
    }

    private Version get(Registry r, int n) {
      return r.version(tenant, kind(), name, n)
          .orElseThrow(
              () -> GroundedException.notFound(noun() + " '" + name + "' has no version " + n));
    }
  }

  abstract static class SetLabel extends Base {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "LABEL", description = "e.g. production, staging.")
    String label;

    @Parameters(index = "2", paramLabel = "VERSION", description = "The version it serves.")
    int version;

    @Option(
        names = "--split",
        paramLabel = "VERSION:PERCENT",
        description =
            "Also send PERCENT % of the users (1-99, sticky per user) to VERSION, e.g. 4:10.")
    String split;

    @Override
    Integer run(Registry r) {
      existing(r, name);
      Label l = r.label(tenant, kind(), name, label, version, split(split));
      print(json ? Json.write(RegistryViews.label(l)) : label + " -> " + l.describe());
      return 0;
    }

    static Optional<Split> split(String text) {
      if (text == null) return Optional.empty();
      String[] parts = text.split(":", -1);
      try {
        if (parts.length == 2)
          return Optional.of(
              new Split(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip())));
      } catch (NumberFormatException e) {
        // refused below
      } catch (IllegalArgumentException e) {
        throw GroundedException.invalid("split", "--split: " + e.getMessage());
      }
      throw GroundedException.invalid(
          "split", "--split must be VERSION:PERCENT, e.g. 4:10, not '" + text + "'");
    }
  }

  abstract static class Rollback extends Base {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(
        names = "--label",
        paramLabel = "LABEL",
        defaultValue = Registry.PRODUCTION,
        description = "The label to move back (default: production).")
    String label;

    @Override
    Integer run(Registry r) {
      existing(r, name);
      Optional<Label> now = r.rollback(tenant, kind(), name, label);
      if (json) {
        if (now.isPresent()) print(Json.write(RegistryViews.label(now.get())));
        else print(Json.write(Map.of("label", label, "removed", true)));
      } else if (now.isPresent()) print(label + " -> " + now.get().describe());
      else print(label + " removed: the alias configured in grounded.yaml applies again");
      return 0;
    }
  }
}
