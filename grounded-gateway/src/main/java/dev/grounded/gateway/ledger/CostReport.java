package dev.grounded.gateway.ledger;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.GroundedException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cost report as {@code grounded costs} prints it and {@code GET /api/costs} returns it: the
 * ledger's sums for a {@link CostQuery} up to {@code until}, and the unit-economics projection of
 * the same window (cost per call × calls per user × users over a period). One JSON shape for both.
 */
public record CostReport(
    CostQuery query,
    Instant until,
    List<CostRow> rows,
    UnitEconomics economics,
    long projectedUsers,
    Duration period) {
  private static final Pattern AGO = Pattern.compile("(\\d{1,6})([dhm])");

  public CostReport {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(until, "until");
    rows = List.copyOf(rows);
    Objects.requireNonNull(economics, "economics");
    Objects.requireNonNull(period, "period");
  }

  /**
   * Reads the report from {@code ledger}.
   *
   * @param users the users to project for; empty: as many as were seen in the window
   * @param period the period to project over (e.g. 30 days)
   */
  public static CostReport read(
      Ledger ledger, CostQuery q, Instant now, OptionalLong users, Duration period) {
    if (users.isPresent() && users.getAsLong() < 0)
      throw GroundedException.invalid("users", "users must be >= 0");
    if (period.isNegative() || period.isZero())
      throw GroundedException.invalid("period", "the projection period must be positive");
    // observed from the first call in the window (not the epoch), so rates are per real time
    Instant from = ledger.earliest(q.tenant(), q.since()).orElse(now);
    if (!from.isBefore(now)) from = now.minusMillis(1);
    UnitEconomics ue = ledger.unitEconomics(q.tenant(), from, now.plusMillis(1));
    List<CostRow> rows = ledger.costs(q);
    return new CostReport(q, now, rows, ue, users.orElse(ue.users()), period);
  }

  /**
   * Parses a {@code --since}/{@code since=}: a UTC date ({@code 2026-01-31}), an instant ({@code
   * 2026-01-31T12:00:00Z}) or an age ({@code 7d}, {@code 24h}, {@code 30m}); empty is everything.
   */
  public static Instant since(String text, Instant now) {
    if (text == null || text.isBlank()) return Instant.EPOCH;
    String t = text.strip().toLowerCase(Locale.ROOT);
    Matcher m = AGO.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return now.minus(
          switch (m.group(2)) {
            case "d" -> Duration.ofDays(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofMinutes(n);
          });
    }
    try {
      return t.length() == 10
          ? LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant()
          : Instant.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw GroundedException.invalid(
          "since",
          "since must be a date (2026-01-31), an instant (2026-01-31T12:00:00Z) or an age (7d,"
              + " 24h, 30m), got '"
              + text
              + "'");
    }
  }

  /** A period such as {@code 30d}: days, hours or minutes. */
  public static Duration period(String text) {
    Matcher m = AGO.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches() || Long.parseLong(m.group(1)) == 0)
      throw GroundedException.invalid(
          "period", "period must be like 30d, 12h or 90m, got '" + text + "'");
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "d" -> Duration.ofDays(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofMinutes(n);
    };
  }

  /** Micro-dollars as a USD decimal string, e.g. {@code 0.001234}. */
  public static String usd(long micros) {
    return BigDecimal.valueOf(micros, 6).stripTrailingZeros().toPlainString();
  }

  /** The JSON answer of {@code GET /api/costs} and {@code grounded costs --json}. */
  public ObjectNode json() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    root.put("by", query.by().name().toLowerCase(Locale.ROOT));
    root.put("since", query.since().toString());
    root.put("until", until.toString());
    if (query.tenant().isPresent()) root.put("tenant", query.tenant().get());
    else root.putNull("tenant");
    ArrayNode out = root.putArray("rows");
    long calls = 0;
    long cost = 0;
    for (CostRow r : rows) {
      ObjectNode o = out.addObject();
      o.put("group", r.group());
      o.put("calls", r.calls());
      o.put("failed_calls", r.failedCalls());
      o.put("cached_calls", r.cachedCalls());
      o.put("tokens_in", r.tokensIn());
      o.put("tokens_out", r.tokensOut());
      o.put("cost_usd", usd(r.costMicros()));
      o.put("cost_micros", r.costMicros());
      calls += r.calls();
      cost += r.costMicros();
    }
    root.putObject("total").put("calls", calls).put("cost_usd", usd(cost)).put("cost_micros", cost);
    ObjectNode ue = root.putObject("unit_economics");
    ue.put("calls", economics.calls());
    ue.put("users", economics.users());
    ue.put("cost_per_call_usd", usd(economics.costPerCallMicros()));
    ue.put("calls_per_user", Math.round(economics.callsPerUser() * 100) / 100.0);
    ObjectNode p = ue.putObject("projection");
    p.put("users", projectedUsers);
    p.put("period_days", period.toHours() / 24.0);
    if (economics.users() == 0) {
      p.putNull("cost_usd");
      p.put("note", "no call in the window names a user: send 'user' with each call to project");
    } else p.put("cost_usd", usd(economics.projectMicros(projectedUsers, period)));
    return root;
  }

  /** The text table of {@code grounded costs}. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    int w = "GROUP".length();
    for (CostRow r : rows) w = Math.max(w, r.group().length());
    String fmt = "%-" + w + "s  %8s  %7s  %7s  %10s  %10s  %12s";
    lines.add(
        String.format(
            fmt, "GROUP", "CALLS", "FAILED", "CACHED", "TOKENS_IN", "TOKENS_OUT", "COST_USD"));
    for (CostRow r : rows)
      lines.add(
          String.format(
              fmt,
              r.group().isEmpty() ? "-" : r.group(),
              r.calls(),
              r.failedCalls(),
              r.cachedCalls(),
              r.tokensIn(),
              r.tokensOut(),
              usd(r.costMicros())));
    ObjectNode ue = (ObjectNode) json().get("unit_economics");
    lines.add(
        String.format(
            "unit economics: %d calls, %d users, $%s per call, %s calls per user; %d users over %s"
                + " days: %s",
            economics.calls(),
            economics.users(),
            ue.get("cost_per_call_usd").asText(),
            ue.get("calls_per_user").asText(),
            projectedUsers,
            ue.at("/projection/period_days").asText(),
            ue.at("/projection/cost_usd").isNull()
                ? "no call named a user (send 'user' with each call to project)"
                : "$" + ue.at("/projection/cost_usd").asText()));
    return lines;
  }
}
