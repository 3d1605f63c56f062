package dev.grounded.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.registry.Kind;
import dev.grounded.gateway.registry.Registry;
import dev.grounded.gateway.registry.Version;
import dev.grounded.gateway.routing.AliasDefinition;
import dev.grounded.server.RegistryViews;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code grounded aliases}: versions of the gateway's model aliases ({@code /api/aliases} on the
 * data directory itself). A version's targets replace those of {@code models.<alias>} in {@code
 * grounded.yaml} for the tenant's requests once a label ({@code production}, or the one a request
 * names in {@code x-grounded-model-label}) points at it.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "aliases",
    description =
        "Versioned model aliases: create a version of a configured alias's targets, list, show,"
            + " diff, label (with a split), roll back (as /api/aliases does).",
    subcommands = {
      AliasesCommand.Create.class,
      AliasesCommand.ListAliases.class,
      AliasesCommand.Show.class,
      AliasesCommand.Diff.class,
      AliasesCommand.SetLabel.class,
      AliasesCommand.Rollback.class
    })
final class AliasesCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing subcommand: try 'grounded aliases --help'");
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "create",
      description =
          "Store a new version of a configured alias's targets (served once a label points at it).")
  static final class Create extends RegistryCommands.Base {
    @Parameters(index = "0", paramLabel = "ALIAS", description = "A models.<alias> of the config.")
    String name;

    @Option(
        names = "--target",
        required = true,
        paramLabel = "PROVIDER/MODEL[=WEIGHT]",
        description = "A primary target and its weight (default 1); repeatable.")
    List<String> targets = new ArrayList<>();

    @Option(
        names = "--fallback",
        paramLabel = "PROVIDER/MODEL",
        description = "Tried in order when the primaries fail; repeatable.")
    List<String> fallbacks = new ArrayList<>();

    @Option(names = "--label", paramLabel = "LABEL", description = "Point a label at it.")
    List<String> labels = new ArrayList<>();

    @Option(names = "--note", paramLabel = "TEXT", defaultValue = "", description = "What changed.")
    String note;

    @Override
    Kind kind() {
      return Kind.MODEL;
    }

    @Override
    Integer run(Registry r) {
      GatewayPlan plan = GatewayPlan.of(data.config());
      if (!plan.served().contains(name))
        throw GroundedException.invalid(
            "alias",
            "'"
                + name
                + "' is not a configured alias (models."
                + name
                + " in grounded.yaml); configured: "
                + (plan.served().isEmpty() ? "none" : String.join(", ", plan.served())));
      ObjectNode body = Json.MAPPER.createObjectNode();
      ArrayNode ts = body.putArray("targets");
      ArrayNode ws = body.putArray("weights");
      for (String t : targets) {
        int eq = t.lastIndexOf('=');
        String target = eq > 0 ? t.substring(0, eq) : t;
        int weight = 1;
        if (eq > 0) {
          try {
            weight = Integer.parseInt(t.substring(eq + 1).strip());
          } catch (NumberFormatException e) {
            throw GroundedException.invalid("target", "--target weight must be a number: " + t);
          }
        }
        ts.add(target.strip());
        ws.add(weight);
      }
      ArrayNode fs = body.putArray("fallbacks");
      fallbacks.forEach(fs::add);
      Set<String> providers = plan.providerNames();
      for (String p : AliasDefinition.providers(AliasDefinition.of(name, body)))
        if (!providers.contains(p))
          throw GroundedException.invalid(
              "target",
              "provider '"
                  + p
                  + "' is not configured (providers: "
                  + String.join(", ", providers)
                  + ")");
      Version v = r.create(tenant, Kind.MODEL, name, body, note, labels);
      if (json) print(Json.write(RegistryViews.version(v, r.labels(tenant, Kind.MODEL, name))));
      else
        print(
            "created "
                + v.ref()
                + "  "
                + RegistryCommands.labels(r.labels(tenant, Kind.MODEL, name)));
      return 0;
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "list", description = "List versioned aliases.")
  static final class ListAliases extends RegistryCommands.ListEntries {
    @Override
    Kind kind() {
      return Kind.MODEL;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "show",
      description = "Show an alias's versions and labels, or one version's targets.")
  static final class Show extends RegistryCommands.Show {
    @Override
    Kind kind() {
      return Kind.MODEL;
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "diff", description = "Diff two versions.")
  static final class Diff extends RegistryCommands.Diff {
    @Override
    Kind kind() {
      return Kind.MODEL;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "label",
      description = "Point a label at a version, optionally with a split (--split 2:10).")
  static final class SetLabel extends RegistryCommands.SetLabel {
    @Override
    Kind kind() {
      return Kind.MODEL;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "rollback",
      description =
          "Move a label back; an alias label with no earlier version is removed (the configured"
              + " alias applies again).")
  static final class Rollback extends RegistryCommands.Rollback {
    @Override
    Kind kind() {
      return Kind.MODEL;
    }
  }
}
