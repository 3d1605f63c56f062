package dev.grounded.cli;

import dev.grounded.gateway.ledger.CostQuery;
import dev.grounded.gateway.ledger.CostReport;
import dev.grounded.gateway.ledger.Ledger;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code grounded costs}: the cost ledger of the gateway's model calls summed per group, and the
 * unit-economics projection. Reads {@code grounded.db} alone; safe while a server runs (a server
 * writes its rows within moments of each call, and all of them when it stops).
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "costs",
    description =
        "What the gateway's model calls cost, per tenant, key, user, model or day, and a"
            + " projection: cost per call x calls per user x users.")
final class CostsCommand implements Callable<Integer> {
  @Mixin DataOption data;

  @Option(
      names = "--by",
      paramLabel = "GROUP",
      defaultValue = "total",
      description = "total, tenant, key, user, model or day (default: ${DEFAULT-VALUE}).")
  String by;

  @Option(
      names = "--since",
      paramLabel = "WHEN",
      description =
          "Only calls from this UTC date (2026-12-01), instant (2026-12-01T12:00:00Z) or age"
              + " (7d, 24h, 30m) on (default: all).")
  String since;

  @Option(names = "--tenant", paramLabel = "TENANT", description = "Only this tenant's calls.")
  String tenant;

  @Option(
      names = "--users",
      paramLabel = "N",
      description = "Users to project for (default: as many as the calls named).")
  Long users;

  @Option(
      names = "--period",
      paramLabel = "PERIOD",
      defaultValue = "30d",
      description = "Period to project over: 30d, 12h, 90m (default: ${DEFAULT-VALUE}).")
  String period;

  @Option(names = "--json", description = "Print as JSON (the same as GET /api/costs).")
  boolean json;

  @Override
  public Integer call() {
    CostQuery.By group;
    try {
      group = CostQuery.By.valueOf(by.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw Usage.error(
          "by", "--by must be total, tenant, key, user, model or day, not '" + by + "'");
    }
    if (users != null && users < 0) throw Usage.error("users", "--users must be >= 0");
    Instant now = Instant.now();
    CostQuery q = CostQuery.all(group).since(CostReport.since(since, now));
    if (tenant != null) q = q.tenant(tenant);
    Duration projection = CostReport.period(period);
    CostReport report;
    try (Ledger ledger = Ledger.open(data.database())) {
      report =
          CostReport.read(
              ledger,
              q,
              now,
              users == null ? OptionalLong.empty() : OptionalLong.of(users),
              projection);
    }
    if (json) System.out.println(Json.write(report.json()));
    else report.lines().forEach(System.out::println);
    return 0;
  }
}
