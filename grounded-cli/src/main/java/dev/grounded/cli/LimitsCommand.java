package dev.grounded.cli;

import dev.grounded.core.GroundedException;
import dev.grounded.gateway.budget.Budgets;
import dev.grounded.gateway.budget.Limits;
import dev.grounded.gateway.budget.Scope;
import dev.grounded.gateway.budget.Usage;
import dev.grounded.gateway.ledger.CostReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code grounded limits}: budgets and rate limits of tenants, API keys and users, in the data
 * directory's {@code grounded.db}. A running server applies a change from its next request on.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "limits",
    description =
        "Set and show the spend budgets and rate limits of tenants, API keys and users"
            + " (applied to calls of configured models).",
    subcommands = {LimitsCommand.Set.class, LimitsCommand.Show.class})
final class LimitsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing subcommand: try 'grounded limits --help'");
  }

  /** Exactly one of --tenant, --key, --user. */
  static final class Target {
    @Option(names = "--tenant", paramLabel = "TENANT", description = "A tenant's limits.")
    String tenant;

    @Option(names = "--key", paramLabel = "ID", description = "An API key's limits (its id).")
    String key;

    @Option(
        names = "--user",
        paramLabel = "TENANT/USER",
        description = "A user's limits (the 'user' a client sends), within a tenant.")
    String user;

    Scope scope() {
      if (tenant != null) return Scope.tenant(tenant);
      if (key != null) return Scope.key(key);
      int slash = user.indexOf('/');
      if (slash <= 0 || slash == user.length() - 1)
        throw GroundedException.invalid("user", "--user is TENANT/USER, e.g. acme/bob");
      return Scope.user(user.substring(0, slash), user.substring(slash + 1));
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "set",
      description =
          "Set limits of one tenant, key or user; options not given keep their value, 'none'"
              + " removes one.")
  static final class Set implements Callable<Integer> {
    @Mixin DataOption data;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Mixin LimitOptions options;

    @Override
    public Integer call() {
      if (!options.anyGiven())
        throw dev.grounded.cli.Usage.error(
            "budget-usd-day",
            "give at least one of --budget-usd-day, --budget-usd-month, --rpm, --tpm");
      Scope scope = target.scope();
      Limits limits;
      try (Budgets budgets = Budgets.open(data.database())) {
        limits = options.apply(budgets.limits(scope));
        budgets.setLimits(scope, limits);
      }
      System.out.println(scope + ": " + LimitOptions.text(limits));
      return 0;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "show",
      description =
          "Show limits and what was used (today, this month, the last minute): of one tenant, key"
              + " or user, else of every one that has limits.")
  static final class Show implements Callable<Integer> {
    @Mixin DataOption data;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Target target;

    @Option(names = "--json", description = "Print as JSON.")
    boolean json;

    @Override
    public Integer call() {
      List<Map<String, Object>> rows = new ArrayList<>();
      List<String> lines = new ArrayList<>();
      try (Budgets budgets = Budgets.open(data.database())) {
        Map<Scope, Limits> all =
            target == null
                ? budgets.allLimits()
                : Map.of(target.scope(), budgets.limits(target.scope()));
        for (Map.Entry<Scope, Limits> e : all.entrySet()) {
          Usage u = budgets.usage(e.getKey());
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("scope", e.getKey().key());
          row.put("limits", LimitOptions.json(e.getValue()));
          Map<String, Object> used = new LinkedHashMap<>();
          used.put("usd_today", CostReport.usd(u.spentTodayMicros()));
          used.put("usd_month", CostReport.usd(u.spentMonthMicros()));
          used.put("usd_reserved_today", CostReport.usd(u.reservedTodayMicros()));
          used.put("requests_last_minute", u.requestsLastMinute());
          used.put("tokens_last_minute", u.tokensLastMinute());
          row.put("used", used);
          rows.add(row);
          lines.add(
              String.format(
                  "%-30s  %-40s  today $%s, month $%s, last minute %d req / %d tokens",
                  e.getKey().key(),
                  LimitOptions.text(e.getValue()),
                  CostReport.usd(u.spentTodayMicros() + u.reservedTodayMicros()),
                  CostReport.usd(u.spentMonthMicros() + u.reservedMonthMicros()),
                  u.requestsLastMinute(),
                  u.tokensLastMinute()));
        }
      }
      if (json) System.out.println(Json.write(Map.of("limits", rows)));
      else if (lines.isEmpty())
        System.out.println("no limits set: see 'grounded limits set --help'");
      else lines.forEach(System.out::println);
      return 0;
    }
  }
}
