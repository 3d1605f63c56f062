package dev.grounded.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.registry.Kind;
import dev.grounded.gateway.registry.Registry;
import dev.grounded.gateway.registry.Version;
import dev.grounded.server.RegistryViews;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code grounded prompts}: versioned prompt templates of a tenant ({@code /api/prompts} on the
 * data directory itself). Every {@code create} makes a new immutable version; labels point at
 * versions, may split traffic between two, and roll back at once, for running servers too.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "prompts",
    aliases = "prompt",
    description =
        "Versioned prompt templates: create a version, list, show, diff, point a label (with a"
            + " split), roll a label back (as /api/prompts does).",
    subcommands = {
      PromptsCommand.Create.class,
      PromptsCommand.ListPrompts.class,
      PromptsCommand.Show.class,
      PromptsCommand.Diff.class,
      PromptsCommand.SetLabel.class,
      PromptsCommand.Rollback.class
    })
final class PromptsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing subcommand: try 'grounded prompts --help'");
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "create",
      description =
          "Store a new version of a prompt (the first version of a name is labelled production).")
  static final class Create extends RegistryCommands.Base {
    @Parameters(index = "0", paramLabel = "NAME", description = "e.g. support.greeting")
    String name;

    @Option(
        names = {"--text", "--user"},
        paramLabel = "TEMPLATE",
        description = "The user message; {{name}} is a variable.")
    String user;

    @Option(names = "--system", paramLabel = "TEMPLATE", description = "A system message first.")
    String system;

    @Option(
        names = "--file",
        paramLabel = "FILE",
        description =
            "The definition: a .json file ({\"messages\": [...], \"config\": {...}}) or a text file"
                + " (the user message).")
    Path file;

    @Option(names = "--model", paramLabel = "MODEL", description = "The model it is meant for.")
    String model;

    @Option(
        names = "--param",
        paramLabel = "KEY=VALUE",
        description = "A request field it sets, e.g. temperature=0.2 (repeatable).")
    List<String> params = new ArrayList<>();

    @Option(names = "--label", paramLabel = "LABEL", description = "Point a label at it.")
    List<String> labels = new ArrayList<>();

    @Option(names = "--note", paramLabel = "TEXT", defaultValue = "", description = "What changed.")
    String note;

    @Override
    Kind kind() {
      return Kind.PROMPT;
    }

    @Override
    Integer run(Registry r) {
      ObjectNode body = definition();
      Version v = r.create(tenant, Kind.PROMPT, name, body, note, labels);
      if (json) print(Json.write(RegistryViews.version(v, r.labels(tenant, Kind.PROMPT, name))));
      else
        print(
            "created "
                + v.ref()
                + "  "
                + RegistryCommands.labels(r.labels(tenant, Kind.PROMPT, name)));
      return 0;
    }

    private ObjectNode definition() {
      ObjectNode body = Json.MAPPER.createObjectNode();
      if (file != null) {
        if (user != null || system != null)
          throw GroundedException.invalid("file", "give --file or --text/--system, not both");
        String text;
        try {
          text = Files.readString(file);
        } catch (IOException e) {
          throw GroundedException.invalid("file", "cannot read " + file + ": " + e.getMessage());
        }
        if (file.getFileName().toString().endsWith(".json")) {
          try {
            JsonNode n = Json.MAPPER.readTree(text);
            if (!(n instanceof ObjectNode o))
              throw GroundedException.invalid("file", file + " must hold a JSON object");
            body = o;
          } catch (IOException e) {
            throw GroundedException.invalid("file", file + " is not JSON: " + e.getMessage());
          }
        } else body.put("text", text);
      } else {
        if (user == null && system == null)
          throw GroundedException.invalid("text", "give the prompt: --text, --system or --file");
        ArrayNode messages = body.putArray("messages");
        if (system != null) messages.addObject().put("role", "system").put("content", system);
        if (user != null) messages.addObject().put("role", "user").put("content", user);
      }
      if (model != null || !params.isEmpty()) {
        ObjectNode config =
            body.has("config") && body.get("config").isObject()
                ? (ObjectNode) body.get("config")
                : body.putObject("config");
        if (model != null) config.put("model", model);
        for (String kv : params) {
          int eq = kv.indexOf('=');
          if (eq <= 0) throw GroundedException.invalid("param", "--param must be KEY=VALUE: " + kv);
          String value = kv.substring(eq + 1);
          JsonNode parsed;
          try {
            parsed = Json.MAPPER.readTree(value);
          } catch (IOException e) {
            parsed = null;
          }
          if (parsed == null || parsed.isMissingNode()) config.put(kv.substring(0, eq), value);
          else config.set(kv.substring(0, eq), parsed);
        }
      }
      return body;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "list",
      description = "List prompts: latest version and labels (built-in prompts included).")
  static final class ListPrompts extends RegistryCommands.ListEntries {
    @Override
    Kind kind() {
      return Kind.PROMPT;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "show",
      description = "Show a prompt's versions and labels, or one version's definition.")
  static final class Show extends RegistryCommands.Show {
    @Override
    Kind kind() {
      return Kind.PROMPT;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "diff",
      description =
          "Line diff of two versions of a prompt (default: the latest and the one before).")
  static final class Diff extends RegistryCommands.Diff {
    @Override
    Kind kind() {
      return Kind.PROMPT;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "label",
      description =
          "Point a label at a version, optionally splitting traffic with another (--split 4:10).")
  static final class SetLabel extends RegistryCommands.SetLabel {
    @Override
    Kind kind() {
      return Kind.PROMPT;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "rollback",
      description =
          "Move a label back to where it pointed before its last move; running servers follow on"
              + " their next request.")
  static final class Rollback extends RegistryCommands.Rollback {
    @Override
    Kind kind() {
      return Kind.PROMPT;
    }
  }
}
