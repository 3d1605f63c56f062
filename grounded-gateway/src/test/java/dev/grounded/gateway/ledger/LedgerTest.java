package dev.grounded.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grounded.core.GroundedException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerTest {
  static final Instant DAY1 = Instant.parse("2026-03-01T10:00:00Z");
  static final Instant DAY2 = Instant.parse("2026-03-02T23:59:59.999Z");
  static final Instant DAY3 = Instant.parse("2026-03-03T00:00:00Z");

  @TempDir Path tmp;
  Ledger ledger;

  @BeforeEach
  void open() {
    ledger = Ledger.open(tmp.resolve("data/grounded.db"));
    ledger.record(entry(DAY1, "acme", "bob", "gpt-4o", 1_000, "ok", false));
    ledger.record(entry(DAY1, "acme", "ann", "gpt-4o-mini", 50, "ok", false));
    ledger.record(entry(DAY2, "acme", "bob", "gpt-4o", 0, "ok", true));
    ledger.record(entry(DAY2, "beta", "bob", "gpt-4o", 300, "upstream_error", false));
    ledger.record(entry(DAY3, "beta", "", "gpt-4o-mini", 7, "ok", false));
  }

  @AfterEach
  void close() {
    ledger.close();
  }

  static LedgerEntry entry(
      Instant at, String tenant, String user, String model, long cost, String outcome, boolean c) {
    return new LedgerEntry(
        at,
        tenant,
        user.isEmpty() ? "" : "key" + tenant,
        user,
        "alias",
        "openai",
        model,
        100,
        20,
        c,
        15,
        cost,
        outcome,
        "req");
  }

  @Test
  void costsByTenantAreSummedAndOrderedByCost() {
    assertThat(ledger.costs(CostQuery.all(CostQuery.By.TENANT)))
        .containsExactly(
            new CostRow("acme", 3, 0, 1, 300, 60, 1_050),
            new CostRow("beta", 2, 1, 0, 200, 40, 307));
  }

  @Test
  void costsByUserKeepTheSameUserNameOfTwoTenantsApart() {
    assertThat(ledger.costs(CostQuery.all(CostQuery.By.USER)))
        .extracting(CostRow::group, CostRow::costMicros)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("acme/bob", 1_000L),
            org.assertj.core.groups.Tuple.tuple("beta/bob", 300L),
            org.assertj.core.groups.Tuple.tuple("acme/ann", 50L),
            org.assertj.core.groups.Tuple.tuple("beta/-", 7L));
  }

  @Test
  void costsByModelAndByKey() {
    assertThat(ledger.costs(CostQuery.all(CostQuery.By.MODEL)))
        .extracting(CostRow::group, CostRow::calls, CostRow::costMicros)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("gpt-4o", 3L, 1_300L),
            org.assertj.core.groups.Tuple.tuple("gpt-4o-mini", 2L, 57L));
    assertThat(ledger.costs(CostQuery.all(CostQuery.By.KEY)))
        .extracting(CostRow::group)
        .containsExactly("keyacme", "keybeta", "-");
  }

  @Test
  void costsByDayUseUtcDaysOldestFirst() {
    assertThat(ledger.costs(CostQuery.all(CostQuery.By.DAY)))
        .extracting(CostRow::group, CostRow::costMicros)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("2026-03-01", 1_050L),
            org.assertj.core.groups.Tuple.tuple("2026-03-02", 300L),
            org.assertj.core.groups.Tuple.tuple("2026-03-03", 7L));
  }

  @Test
  void seriesSumsPerDayAndGroupOldestDayFirstThenByCost() {
    assertThat(ledger.series(CostQuery.all(CostQuery.By.MODEL)))
        .extracting(
            r -> r.day(), r -> r.row().group(), r -> r.row().calls(), r -> r.row().costMicros())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("2026-03-01", "gpt-4o", 1L, 1_000L),
            org.assertj.core.groups.Tuple.tuple("2026-03-01", "gpt-4o-mini", 1L, 50L),
            org.assertj.core.groups.Tuple.tuple("2026-03-02", "gpt-4o", 2L, 300L),
            org.assertj.core.groups.Tuple.tuple("2026-03-03", "gpt-4o-mini", 1L, 7L));
    assertThat(ledger.series(CostQuery.all(CostQuery.By.USER).since(DAY2).tenant("acme")))
        .containsExactly(
            new Ledger.DayRow("2026-03-02", new CostRow("acme/bob", 1, 0, 1, 100, 20, 0)));
  }

  @Test
  void sinceIsInclusiveAndATenantSeesOnlyItsOwnCalls() {
    assertThat(ledger.costs(CostQuery.all(CostQuery.By.TOTAL).since(DAY2)))
        .containsExactly(new CostRow("total", 3, 1, 1, 300, 60, 307));
    assertThat(ledger.costs(CostQuery.all(CostQuery.By.DAY).since(DAY2).tenant("beta")))
        .extracting(CostRow::group, CostRow::costMicros)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("2026-03-02", 300L),
            org.assertj.core.groups.Tuple.tuple("2026-03-03", 7L));
    assertThat(ledger.costs(CostQuery.all(CostQuery.By.TOTAL).since(DAY3.plusMillis(1)))).isEmpty();
  }

  @Test
  void theUnitEconomicsProjectionIsCostPerCallTimesCallsPerUserTimesUsers() {
    // acme, 2026-03-01 .. 03-03: 3 calls by 2 users (bob twice, ann once) costing 1,050 µ$
    UnitEconomics u =
        ledger.unitEconomics(Optional.of("acme"), DAY1.minus(Duration.ofHours(10)), DAY3);
    assertThat(u.calls()).isEqualTo(3);
    assertThat(u.users()).isEqualTo(2);
    assertThat(u.costPerCallMicros()).isEqualTo(350);
    assertThat(u.callsPerUser()).isEqualTo(1.5);
    // 350 µ$/call × 1.5 calls/user × 1,000 users = 525,000 µ$ over the same two days,
    assertThat(u.projectMicros(1_000, Duration.ofDays(2))).isEqualTo(525_000);
    // and 15 × as much over 30 days
    assertThat(u.projectMicros(1_000, Duration.ofDays(30))).isEqualTo(7_875_000);
  }

  @Test
  void aProjectionWithoutAnyNamedUserSaysWhatIsMissing() {
    UnitEconomics u = ledger.unitEconomics(Optional.of("beta"), DAY3, DAY3.plusSeconds(60));
    assertThat(u.calls()).isEqualTo(1);
    assertThatThrownBy(() -> u.projectMicros(10, Duration.ofDays(30)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("names a user");
  }

  @Test
  void anEntryWithANegativeCostOrAnInvalidTenantIsRefused() {
    assertThatThrownBy(() -> entry(DAY1, "acme", "bob", "m", -1, "ok", false))
        .isInstanceOf(GroundedException.class);
    assertThatThrownBy(() -> entry(DAY1, "a/b", "bob", "m", 1, "ok", false))
        .isInstanceOf(GroundedException.class);
  }

  @Test
  void rowsFromTwoLedgersOnOneFileAreAllCounted() {
    try (Ledger other = Ledger.open(tmp.resolve("data/grounded.db"))) {
      other.record(entry(DAY3, "beta", "", "gpt-4o-mini", 3, "ok", false));
    }
    assertThat(ledger.costs(CostQuery.all(CostQuery.By.TENANT).tenant("beta")))
        .extracting(CostRow::calls)
        .containsExactly(3L);
  }
}
