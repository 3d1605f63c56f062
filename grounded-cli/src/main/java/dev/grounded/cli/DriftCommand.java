package dev.grounded.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.audit.drift.DriftAlert;
import dev.grounded.audit.drift.DriftMonitor;
import dev.grounded.audit.drift.DriftStore;
import java.net.http.HttpClient;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code grounded drift}: the daily series of sampled answers and the alerts raised on them. */
@Command(
    mixinStandardHelpOptions = true,
    name = "drift",
    description =
        "Daily series of sampled answers per collection (abstention, citation support, guardrail"
            + " actions, withheld chunks, retrieval score) and the drift alerts raised on them.")
final class DriftCommand implements Callable<Integer> {
  @Mixin DataOption data;

  @Option(names = "--tenant", paramLabel = "TENANT", description = "Only this tenant's.")
  String tenant;

  @Option(names = "--collection", paramLabel = "NAME", description = "Only this collection's.")
  String collection;

  @Option(
      names = "--days",
      paramLabel = "N",
      defaultValue = "14",
      description = "Days to show, today included (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(
      names = "--check",
      description =
          "Compare today with the baseline now (as a server does every drift.check_minutes),"
              + " raising alerts: logged, and posted to drift.webhook.")
  boolean check;

  @Option(names = "--json", description = "Print as JSON (as GET /api/drift).")
  boolean json;

  @Override
  public Integer call() {
    if (days < 1 || days > 366) throw Usage.error("days", "--days must be in 1..366");
    String from = LocalDate.now(ZoneOffset.UTC).minusDays(days - 1).toString();
    AuditPlan plan = AuditPlan.of(data.config());
    try (HttpClient http = HttpClient.newHttpClient();
        DriftStore store = DriftStore.open(data.database())) {
      if (check)
        new DriftMonitor(store, plan.drift(), java.time.Clock.systemUTC(), System.err, http)
            .check();
      List<DriftStore.Point> series =
          store.daily(Optional.ofNullable(tenant), Optional.ofNullable(collection), from);
      List<DriftAlert> alerts = store.alerts(Optional.ofNullable(tenant), from);
      if (json) {
        ObjectNode o = dev.grounded.cli.Json.MAPPER.createObjectNode();
        o.put("object", "drift");
        o.put("since", from);
        series.forEach(p -> o.withArray("series").add(p.json()));
        alerts.forEach(a -> o.withArray("alerts").add(a.json()));
        System.out.println(Json.write(o));
        return 0;
      }
      System.out.println(
          "day         tenant/collection      samples  abstain  support  guard  withheld  top");
      for (DriftStore.Point p : series)
        System.out.println(
            String.format(
                Locale.ROOT,
                "%-11s %-22s %7d  %7s  %7s  %5s  %8s  %s",
                p.day(),
                p.tenant() + "/" + p.collection(),
                p.n(),
                f(p.abstentionRate()),
                f(p.support()),
                f(p.guardRate()),
                f(p.withheldRate()),
                f(p.topScore())));
      if (series.isEmpty()) System.out.println("(no sampled answers since " + from + ")");
      for (DriftAlert a : alerts) System.out.println("ALERT " + a.message());
    }
    return 0;
  }

  private static String f(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
  }
}
