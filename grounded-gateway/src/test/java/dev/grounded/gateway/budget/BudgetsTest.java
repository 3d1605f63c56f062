package dev.grounded.gateway.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BudgetsTest {
  static final Scope ACME = Scope.tenant("acme");
  static final Scope KEY = Scope.key("abcdefghijkl");
  static final Scope BOB = Scope.user("acme", "bob");

  @TempDir Path tmp;
  Path file;
  MutableClock clock = new MutableClock(Instant.parse("2026-01-31T23:59:00Z"));
  Budgets budgets;

  @BeforeEach
  void open() {
    file = tmp.resolve("data/grounded.db");
    budgets = Budgets.open(file, clock, Duration.ofMinutes(5));
  }

  @AfterEach
  void close() {
    budgets.close();
  }

  @Test
  void limitsAreStoredPerScopeAndNoneRemovesThem() {
    Limits limits = Limits.NONE.withUsdPerDayMicros(5_000_000).withRequestsPerMinute(60);
    budgets.setLimits(ACME, limits);

    assertThat(budgets.limits(ACME)).isEqualTo(limits);
    assertThat(budgets.limits(Scope.tenant("other"))).isEqualTo(Limits.NONE);
    budgets.setLimits(ACME, Limits.NONE);
    assertThat(budgets.limits(ACME)).isEqualTo(Limits.NONE);
  }

  @Test
  void theDatabaseIsCreatedOwnerOnly() throws Exception {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void aCallOverTheDailyBudgetIsRefusedUntilTheUtcDayEnds() {
    budgets.setLimits(KEY, Limits.NONE.withUsdPerDayMicros(1_000_000));
    budgets.reserve(List.of(ACME, KEY), 600_000, 10).settle(600_000, 10);

    assertThatThrownBy(() -> budgets.reserve(List.of(ACME, KEY), 500_000, 10))
        .isInstanceOfSatisfying(
            LimitExceeded.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.BUDGET_EXCEEDED);
              assertThat(e.scope()).isEqualTo(KEY);
              assertThat(e.retryAfterSeconds()).isEqualTo(60); // 23:59 -> midnight UTC
              assertThat(e.getMessage()).contains("daily budget of key:abcdefghijkl ($1)");
            });
    budgets.reserve(List.of(ACME, KEY), 400_000, 10).release();
  }

  @Test
  void settleReturnsTheUnusedPartAndChargesOnlyTheActualCost() {
    budgets.setLimits(ACME, Limits.NONE.withUsdPerMonthMicros(1_000_000));
    Reservation r = budgets.reserve(List.of(ACME), 900_000, 100);
    assertThat(budgets.usage(ACME).reservedMonthMicros()).isEqualTo(900_000);
    assertThatThrownBy(() -> budgets.reserve(List.of(ACME), 200_000, 1))
        .isInstanceOf(LimitExceeded.class);

    assertThat(r.settle(250_000, 40)).isEqualTo(650_000);

    Usage usage = budgets.usage(ACME);
    assertThat(usage.spentMonthMicros()).isEqualTo(250_000);
    assertThat(usage.spentTodayMicros()).isEqualTo(250_000);
    assertThat(usage.reservedMonthMicros()).isZero();
    budgets.reserve(List.of(ACME), 750_000, 1).release();
  }

  @Test
  void aCostAboveTheReservationIsChargedInFullAndReturnsNothing() {
    Reservation r = budgets.reserve(List.of(ACME), 100, 1);
    assertThat(r.settle(150, 1)).isZero();
    assertThat(budgets.usage(ACME).spentTodayMicros()).isEqualTo(150);
  }

  @Test
  void aReservationCanBeSettledOrReleasedOnlyOnce() {
    Reservation r = budgets.reserve(List.of(ACME), 100, 1);
    r.settle(100, 1);
    assertThatThrownBy(() -> r.settle(100, 1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(r::release).isInstanceOf(IllegalStateException.class);
    assertThat(budgets.usage(ACME).spentTodayMicros()).isEqualTo(100);
  }

  @Test
  void aReleasedReservationChargesNothing() {
    budgets.reserve(List.of(ACME, BOB), 5_000, 1).release();
    assertThat(budgets.usage(BOB)).isEqualTo(new Usage(0, 0, 0, 0, 0, 0));
  }

  @Test
  void aReservationNeverSettledStopsHoldingSpendAfterItsTtl() {
    clock.advance(Duration.ofHours(-12)); // mid-day: the expiry does not cross into a new day
    budgets.setLimits(ACME, Limits.NONE.withUsdPerMonthMicros(1_000));
    budgets.reserve(List.of(ACME), 1_000, 1); // the caller "crashes": never settled
    assertThatThrownBy(() -> budgets.reserve(List.of(ACME), 1, 1))
        .isInstanceOf(LimitExceeded.class);

    clock.advance(Duration.ofMinutes(5));

    assertThat(budgets.usage(ACME).reservedMonthMicros()).isZero();
    budgets.reserve(List.of(ACME), 1_000, 1).settle(1_000, 1);
  }

  @Test
  void aSettleAfterExpiryStillChargesWhatWasSpent() {
    clock.advance(Duration.ofHours(-12)); // mid-day: the expiry does not cross into a new day
    Reservation late = budgets.reserve(List.of(ACME), 1_000, 1);
    clock.advance(Duration.ofMinutes(6));
    budgets.reserve(List.of(ACME), 1, 1).release(); // prunes the expired hold
    late.settle(700, 1);
    assertThat(budgets.usage(ACME).spentMonthMicros()).isEqualTo(700);
  }

  @Test
  void spendIsChargedToTheDayAndMonthTheCallWasReservedInAndRollsOver() {
    budgets.setLimits(ACME, new Limits(1_000, 1_500, Limits.UNLIMITED, Limits.UNLIMITED));
    Reservation lastMinute = budgets.reserve(List.of(ACME), 1_000, 1); // 2026-01-31T23:59
    assertThat(lastMinute.day()).isEqualTo("2026-01-31");
    assertThat(lastMinute.month()).isEqualTo("2026-01");

    clock.advance(Duration.ofMinutes(2)); // 2026-02-01T00:01: a new day and a new month
    lastMinute.settle(1_000, 1);
    assertThat(budgets.usage(ACME).spentTodayMicros()).isZero();
    assertThat(budgets.usage(ACME).spentMonthMicros()).isZero();
    budgets.reserve(List.of(ACME), 1_000, 1).settle(1_000, 1);

    clock.advance(Duration.ofDays(1)); // 2026-02-02: the day's budget is back, the month's is not
    assertThatThrownBy(() -> budgets.reserve(List.of(ACME), 1_000, 1))
        .isInstanceOfSatisfying(
            LimitExceeded.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.BUDGET_EXCEEDED);
              assertThat(e.getMessage()).contains("monthly");
              // until 2026-03-01T00:00Z
              assertThat(e.retryAfter()).isEqualTo(Duration.ofDays(27).minusMinutes(1));
            });
    budgets.reserve(List.of(ACME), 500, 1).settle(500, 1);
    assertThat(budgets.usage(ACME).spentMonthMicros()).isEqualTo(1_500);
  }

  @Test
  void requestsOverTheRpmLimitAreRateLimitedUntilTheOldestLeavesTheWindow() {
    budgets.setLimits(KEY, Limits.NONE.withRequestsPerMinute(3));
    budgets.reserve(List.of(KEY), 0, 1).settle(0, 1); // t = 0
    clock.advance(Duration.ofSeconds(10));
    budgets.reserve(List.of(KEY), 0, 1).release(); // t = 10 s: a released request still counts
    budgets.reserve(List.of(KEY), 0, 1).settle(0, 1);

    assertThatThrownBy(() -> budgets.reserve(List.of(KEY), 0, 1))
        .isInstanceOfSatisfying(
            LimitExceeded.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
              assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(50));
              assertThat(e.retryAfterSeconds()).isEqualTo(50);
            });
    clock.advance(Duration.ofSeconds(49));
    assertThatThrownBy(() -> budgets.reserve(List.of(KEY), 0, 1))
        .isInstanceOfSatisfying(
            LimitExceeded.class, e -> assertThat(e.retryAfterSeconds()).isEqualTo(1));
    clock.advance(Duration.ofSeconds(1));
    budgets.reserve(List.of(KEY), 0, 1).settle(0, 1);
    assertThat(budgets.usage(KEY).requestsLastMinute()).isEqualTo(3);
  }

  @Test
  void tokensOverTheTpmLimitAreRateLimitedAndSettleCountsTheActualTokens() {
    budgets.setLimits(BOB, Limits.NONE.withTokensPerMinute(1_000));
    Reservation first = budgets.reserve(List.of(BOB), 0, 600); // t = 0, worst case 600
    clock.advance(Duration.ofSeconds(20));
    assertThatThrownBy(() -> budgets.reserve(List.of(BOB), 0, 500))
        .isInstanceOfSatisfying(
            LimitExceeded.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
              assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(40));
            });

    first.settle(0, 200); // it used 200 tokens, not 600
    budgets.reserve(List.of(BOB), 0, 500).settle(0, 500);
    assertThat(budgets.usage(BOB).tokensLastMinute()).isEqualTo(700);
  }

  @Test
  void aRequestLargerThanTheTpmLimitIsInvalidRatherThanToldToWait() {
    budgets.setLimits(BOB, Limits.NONE.withTokensPerMinute(1_000));
    assertThatThrownBy(() -> budgets.reserve(List.of(BOB), 0, 1_001))
        .isInstanceOfSatisfying(
            GroundedException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
    assertThat(budgets.usage(BOB).requestsLastMinute()).isZero();
  }

  @Test
  void aBudgetRefusalWinsOverARateRefusalAndHoldsNothing() {
    budgets.setLimits(ACME, Limits.NONE.withRequestsPerMinute(1));
    budgets.setLimits(KEY, Limits.NONE.withUsdPerDayMicros(10));
    budgets.reserve(List.of(ACME, KEY), 10, 1).settle(10, 1);

    assertThatThrownBy(() -> budgets.reserve(List.of(ACME, KEY), 5, 1))
        .isInstanceOfSatisfying(
            LimitExceeded.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BUDGET_EXCEEDED));
    assertThat(budgets.usage(ACME).requestsLastMinute()).isEqualTo(1);
    assertThat(budgets.usage(ACME).reservedTodayMicros()).isZero();
  }

  @Test
  void limitsSetThroughOneStoreApplyAtOnceThroughAnother() {
    try (Budgets other = Budgets.open(file, clock, Duration.ofMinutes(5))) {
      other.setLimits(ACME, Limits.NONE.withUsdPerDayMicros(0));
      assertThatThrownBy(() -> budgets.reserve(List.of(ACME), 1, 1))
          .isInstanceOf(LimitExceeded.class);
    }
  }

  @Test
  void limitsSetThroughAnotherStoreReachTheLimitedCheckWithinTheRefreshInterval() {
    assertThat(budgets.limited(List.of(ACME, KEY))).isFalse();
    try (Budgets other = Budgets.open(file, clock, Duration.ofMinutes(5))) {
      other.setLimits(KEY, Limits.NONE.withUsdPerDayMicros(5));
      assertThat(budgets.limited(List.of(ACME, KEY))).as("the snapshot's second").isFalse();
      clock.advance(Duration.ofMillis(Budgets.LIMITED_REFRESH_MS));
      assertThat(budgets.limited(List.of(ACME, KEY))).isTrue();
      assertThat(budgets.limited(List.of(ACME, BOB))).isFalse();
    }
    budgets.setLimits(KEY, Limits.NONE);
    assertThat(budgets.limited(List.of(KEY))).as("this store's own change, at once").isFalse();
  }

  @Test
  void spendOfScopesWithoutLimitsIsCountedOffTheCallersThreadAndNotLostOnClose() {
    budgets.spendLater(List.of(ACME, BOB), 700);
    assertThat(budgets.usage(BOB).spentTodayMicros()).isEqualTo(700);
    budgets.spendLater(List.of(ACME), 300);
    budgets.spendLater(List.of(ACME), 0);
    budgets.close();
    try (Budgets reopened = Budgets.open(file, clock, Duration.ofMinutes(5))) {
      assertThat(reopened.usage(ACME).spentTodayMicros()).isEqualTo(1000);
      assertThat(reopened.usage(ACME).spentMonthMicros()).isEqualTo(1000);
      // counted spend applies once a limit is set later the same day
      reopened.setLimits(ACME, Limits.NONE.withUsdPerDayMicros(1200));
      assertThatThrownBy(() -> reopened.reserve(List.of(ACME), 201, 1))
          .isInstanceOf(LimitExceeded.class);
    }
  }

  @Test
  void aClosedStoreSaysToOpenItAgain() {
    budgets.close();
    assertThatThrownBy(() -> budgets.reserve(List.of(ACME), 1, 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("open it again");
  }
}
