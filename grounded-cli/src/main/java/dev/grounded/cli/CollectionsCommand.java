package dev.grounded.cli;

import dev.grounded.core.GroundedException;
import dev.grounded.ingest.CollectionId;
import dev.grounded.ingest.CollectionStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code grounded collections list|set|delete}: what {@code GET}, {@code PATCH} and {@code DELETE
 * /api/collections} do, on the data directory itself (the same shapes and errors; the default
 * tenant unless told). Also spelt {@code grounded collection}.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "collections",
    aliases = "collection",
    description =
        "List collections, set what answers one, or delete one (as GET, PATCH and DELETE"
            + " /api/collections do); sign a collection's version and verify it.",
    subcommands = {
      CollectionsCommand.ListCollections.class,
      CollectionsCommand.Set.class,
      CollectionsCommand.Delete.class,
      CollectionSignCommands.Sign.class,
      CollectionSignCommands.Verify.class
    })
final class CollectionsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing subcommand: try 'grounded collections --help'");
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "list",
      description = "The collections of a tenant with their documents, chunks and size.")
  static final class ListCollections implements Callable<Integer> {
    @Mixin DataOption data;

    @Option(
        names = "--tenant",
        paramLabel = "NAME",
        description = "Whose collections (default: default, the tenant of the CLI and open mode).")
    String tenant = CollectionId.DEFAULT_TENANT;

    @Option(names = "--json", description = "Print as JSON, as GET /api/collections answers.")
    boolean json;

    @Override
    public Integer call() {
      String t = CollectionId.checkTenant(tenant);
      try (App app = data.app()) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (CollectionStats s : app.kb().status()) {
          CollectionId id = CollectionId.parse(s.name());
          if (id.tenant().equals(t)) rows.add(view(id, s));
        }
        if (json) {
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("object", "list");
          out.put("data", rows);
          System.out.println(Json.write(out));
        } else if (rows.isEmpty()) {
          System.out.println("no collections yet: run 'grounded ingest PATH'");
        } else {
          for (Map<String, Object> r : rows)
            System.out.printf(
                Locale.ROOT,
                "%-24s %8d documents %10d chunks %10.1f MB%n",
                r.get("id"),
                (Integer) r.get("documents"),
                (Integer) r.get("chunks"),
                (Long) r.get("size_bytes") / 1e6);
        }
        return 0;
      }
    }

    private static Map<String, Object> view(CollectionId id, CollectionStats s) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", id.name());
      m.put("object", "collection");
      m.put("model", "rag:" + id.name());
      m.put("documents", s.documents());
      m.put("chunks", s.chunks());
      m.put("size_bytes", s.indexBytes());
      return m;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "delete",
      description =
          "Delete a collection: its index, documents and settings (no confirmation: give its exact"
              + " name).")
  static final class Delete implements Callable<Integer> {
    @Mixin DataOption data;

    @Parameters(
        paramLabel = "NAME",
        description = "The collection's exact name (another tenant's: TENANT~NAME).")
    String name;

    @Option(names = "--json", description = "Print as JSON, as DELETE /api/collections/NAME does.")
    boolean json;

    @Override
    public Integer call() {
      CollectionId id = CollectionId.parse(name);
      try (App app = data.app()) {
        requireExisting(app, id, name);
        app.kb().deleteCollection(id.key());
        System.out.println(
            json
                ? Json.write(deleted(id.name(), "collection.deleted"))
                : "deleted collection '" + name + "'");
        return 0;
      }
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "set",
      description =
          "Set what answers a collection's rag: model: extractive (the default) or"
              + " model:ALIAS (an alias of models.* in grounded.yaml, called through the gateway"
              + " with the grounded prompt); and whether the collection is trusted.")
  static final class Set implements Callable<Integer> {
    @Mixin DataOption data;

    @Parameters(
        paramLabel = "NAME",
        description = "The collection's exact name (another tenant's: TENANT~NAME).")
    String name;

    @Option(
        names = "--generator",
        paramLabel = "GEN",
        description = "extractive, or model:ALIAS naming an alias of models.* in grounded.yaml.")
    String generator;

    @Option(
        names = "--trust",
        paramLabel = "LEVEL",
        description =
            "trusted (the default), or untrusted: every chunk of the collection is quoted strictly"
                + " as data, and a guard.rules entry for source.untrusted can keep them out of"
                + " answers.")
    String trust;

    @Option(
        names = "--freshness-days",
        paramLabel = "N",
        description =
            "Answers citing a document older than N days say so (its 'updated' or 'date' metadata,"
                + " else when it was ingested); 0 for no limit.")
    Integer freshnessDays;

    @Override
    public Integer call() {
      CollectionId id = CollectionId.parse(name);
      if (generator == null && trust == null && freshnessDays == null)
        throw GroundedException.invalid(
            "--generator", "give --generator, --trust, --freshness-days or several");
      if (freshnessDays != null && (freshnessDays < 0 || freshnessDays > 36_500))
        throw Usage.error("freshness-days", "--freshness-days must be in 0..36500");
      if (trust != null
          && !trust.equals(dev.grounded.ingest.KnowledgeBase.TRUSTED)
          && !trust.equals(dev.grounded.ingest.KnowledgeBase.UNTRUSTED))
        throw GroundedException.invalid(
            "--trust", "--trust must be trusted or untrusted, not '" + trust + "'");
      if (generator != null && generator.startsWith(GeneratorOptions.MODEL_PREFIX)) {
        String alias = generator.substring(GeneratorOptions.MODEL_PREFIX.length());
        List<String> aliases =
            GatewayPlan.of(data.config()).aliases().stream().map(a -> a.name()).toList();
        if (!aliases.contains(alias))
          throw GroundedException.invalid(
              "generator",
              "no model alias '"
                  + alias
                  + "' in "
                  + data.config().source()
                  + (aliases.isEmpty()
                      ? " (add models."
                          + alias
                          + ".provider and .model; the server answers through it)"
                      : " (aliases: " + String.join(", ", aliases) + ")"));
      }
      try (App app = data.app()) {
        requireExisting(app, id, name);
        if (generator != null) {
          app.kb().saveGenerator(id.key(), generator);
          System.out.println("collection '" + name + "' answers with " + generator);
        }
        if (freshnessDays != null) {
          app.kb().saveFreshness(id.key(), freshnessDays);
          System.out.println(
              "collection '"
                  + name
                  + "' "
                  + (freshnessDays == 0
                      ? "has no freshness limit"
                      : "names cited documents older than " + freshnessDays + " days as stale"));
        }
        if (trust != null) {
          app.kb().saveTrust(id.key(), trust);
          System.out.println("collection '" + name + "' is " + trust);
        }
        return 0;
      }
    }
  }

  /** Refuses with {@code no collection 'NAME'} (exit 1) unless the collection exists. */
  static void requireExisting(App app, CollectionId id, String name) {
    if (!app.kb().collectionExists(id.key()))
      throw GroundedException.notFound("no collection '" + name + "'");
  }

  static Map<String, Object> deleted(String id, String object) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("object", object);
    m.put("deleted", true);
    return m;
  }
}
