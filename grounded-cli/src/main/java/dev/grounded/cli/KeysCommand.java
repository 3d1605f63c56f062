package dev.grounded.cli;

import dev.grounded.core.GroundedException;
import dev.grounded.gateway.auth.ApiKey;
import dev.grounded.gateway.auth.ApiKeys;
import dev.grounded.gateway.auth.IssuedKey;
import dev.grounded.gateway.budget.Budgets;
import dev.grounded.gateway.budget.Limits;
import dev.grounded.gateway.budget.Scope;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code grounded keys}: API keys of the server, each naming a tenant. Works on the data
 * directory's {@code grounded.db} alone (no model, no index), so it is safe while a server runs.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "keys",
    description = "Create, list and revoke the API keys the server accepts (one tenant per key).",
    subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing subcommand: try 'grounded keys --help'");
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "create",
      description = "Create a key for a tenant and print it once: only its hash is stored.")
  static final class Create implements Callable<Integer> {
    @Mixin DataOption data;

    @Option(
        names = "--tenant",
        required = true,
        paramLabel = "TENANT",
        description = "Tenant the key authenticates as (letters, digits, '_', '.', '-').")
    String tenant;

    @Option(
        names = "--name",
        paramLabel = "TEXT",
        defaultValue = "",
        description = "What the key is for, up to 100 characters (default: none).")
    String name;

    @Mixin LimitOptions limits;

    @Option(names = "--json", description = "Print as JSON.")
    boolean json;

    @Override
    public Integer call() {
      Limits keyLimits = limits.apply(Limits.NONE); // bad values fail before a key exists
      IssuedKey issued;
      try (ApiKeys keys = ApiKeys.open(data.database())) {
        issued = keys.create(tenant, name);
      }
      if (!keyLimits.equals(Limits.NONE)) {
        try (Budgets budgets = Budgets.open(data.database())) {
          budgets.setLimits(Scope.key(issued.key().id()), keyLimits);
        }
      }
      if (json) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", issued.key().id());
        out.put("tenant", issued.key().tenant());
        out.put("name", issued.key().name());
        out.put("key", issued.secret());
        out.put("created_at", time(issued.key().createdAt()));
        out.put("limits", LimitOptions.json(keyLimits));
        System.out.println(Json.write(out));
      } else {
        System.out.println(issued.secret());
      }
      System.out.flush();
      System.err.println(
          "grounded: this key is not stored and cannot be shown again: keep it somewhere safe");
      return 0;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "list",
      description =
          "List keys: id, tenant, name, when created and revoked, limits (never a secret).")
  static final class ListKeys implements Callable<Integer> {
    @Mixin DataOption data;

    @Option(names = "--tenant", paramLabel = "TENANT", description = "Only this tenant's keys.")
    String tenant;

    @Option(names = "--json", description = "Print as JSON.")
    boolean json;

    @Override
    public Integer call() {
      List<ApiKey> list;
      Map<String, Limits> limits = new LinkedHashMap<>();
      try (ApiKeys keys = ApiKeys.open(data.database());
          Budgets budgets = Budgets.open(data.database())) {
        list = keys.list(tenant);
        budgets
            .allLimits()
            .forEach(
                (scope, l) -> {
                  if (scope.kind() == Scope.Kind.KEY) limits.put(scope.id(), l);
                });
      }
      if (json) {
        System.out.println(
            Json.write(
                Map.of(
                    "keys",
                    list.stream()
                        .map(
                            k -> {
                              Map<String, Object> m = json(k);
                              m.put(
                                  "limits",
                                  LimitOptions.json(limits.getOrDefault(k.id(), Limits.NONE)));
                              return m;
                            })
                        .toList())));
      } else if (list.isEmpty()) {
        System.out.println("no keys yet: run 'grounded keys create --tenant NAME'");
      } else {
        KeyTable.print(list, limits);
      }
      return 0;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "revoke",
      description = "Revoke a key: a running server rejects it from its next request on.")
  static final class Revoke implements Callable<Integer> {
    @Mixin DataOption data;

    @Parameters(paramLabel = "ID", description = "Id of the key (the 12 characters after 'gr-').")
    String id;

    @Override
    public Integer call() {
      try (ApiKeys keys = ApiKeys.open(data.database())) {
        if (!keys.revoke(id)) throw GroundedException.notFound("no key with id '" + id + "'");
      }
      System.out.println("revoked " + id);
      return 0;
    }
  }

  private static Map<String, Object> json(ApiKey k) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", k.id());
    m.put("tenant", k.tenant());
    m.put("name", k.name());
    m.put("created_at", time(k.createdAt()));
    m.put("revoked_at", time(k.revokedAt()));
    m.put("last_used_at", time(k.lastUsedAt()));
    return m;
  }

  static String time(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  static String time(Optional<Instant> t) {
    return t.map(KeysCommand::time).orElse(null);
  }
}
