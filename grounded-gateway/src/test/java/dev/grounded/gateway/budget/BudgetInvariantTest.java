package dev.grounded.gateway.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.grounded.core.ErrorCode;
import dev.grounded.gateway.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random sequences of reserve, settle, release and clock moves, checked call by call against a
 * plain in-memory model of the same limits: the store must admit exactly what the model admits and
 * report the same spend. Re-run a failure with {@code -Dtests.seed=<seed>}.
 */
class BudgetInvariantTest {
  static final Scope TENANT = Scope.tenant("acme");
  static final Scope KEY = Scope.key("abcdefghijkl");

  @TempDir Path tmp;

  @Test
  void theStoreAdmitsExactlyWhatASimpleModelOfTheLimitsAdmits() {
    long seed = Long.getLong("tests.seed", new Random().nextLong());
    for (int run = 0; run < 5; run++) check(seed + run, tmp.resolve("run" + run + "/grounded.db"));
  }

  private static void check(long seed, Path file) {
    Random random = new Random(seed);
    MutableClock clock = new MutableClock(Instant.parse("2026-01-31T23:50:00Z"));
    long budget = 5_000 + random.nextInt(45_000);
    int rpm = 1 + random.nextInt(8);
    Map<String, Long> spentByDay = new HashMap<>();
    List<Reservation> open = new ArrayList<>();
    List<Instant> admitted = new ArrayList<>();
    try (Budgets budgets = Budgets.open(file, clock, Duration.ofDays(1))) {
      budgets.setLimits(TENANT, Limits.NONE.withUsdPerDayMicros(budget));
      budgets.setLimits(KEY, Limits.NONE.withRequestsPerMinute(rpm));
      for (int op = 0; op < 300; op++) {
        String where = "seed " + seed + ", operation " + op;
        Instant now = clock.instant();
        String today = Budgets.day(now);
        int choice = random.nextInt(10);
        if (choice < 5) {
          long worst = random.nextInt(4_000);
          long held =
              open.stream().filter(r -> r.day().equals(today)).mapToLong(r -> r.micros()).sum();
          boolean budgetOk = spentByDay.getOrDefault(today, 0L) + held + worst <= budget;
          boolean rateOk =
              admitted.stream()
                      .filter(t -> now.getEpochSecond() - t.getEpochSecond() < 60) // whole seconds
                      .count()
                  < rpm;
          try {
            open.add(budgets.reserve(List.of(TENANT, KEY), worst, 1));
            if (!budgetOk || !rateOk) fail(where + ": admitted a call over a limit");
            admitted.add(now);
          } catch (LimitExceeded e) {
            ErrorCode expected = !budgetOk ? ErrorCode.BUDGET_EXCEEDED : ErrorCode.RATE_LIMITED;
            if (budgetOk && rateOk) fail(where + ": refused a call within the limits: " + e);
            assertThat(e.code()).as(where).isEqualTo(expected);
          }
        } else if (choice < 8 && !open.isEmpty()) {
          Reservation r = open.remove(random.nextInt(open.size()));
          if (random.nextBoolean()) {
            long actual = r.micros() == 0 ? 0 : random.nextLong(r.micros() + 1);
            assertThat(r.settle(actual, 1)).as(where).isEqualTo(r.micros() - actual);
            spentByDay.merge(r.day(), actual, Long::sum);
          } else {
            r.release();
          }
        } else {
          clock.advance(Duration.ofMillis(random.nextInt(30_000)));
        }
        Usage usage = budgets.usage(TENANT);
        String day = Budgets.day(clock.instant());
        assertThat(usage.spentTodayMicros()).as(where).isEqualTo(spentByDay.getOrDefault(day, 0L));
        assertThat(usage.spentTodayMicros() + usage.reservedTodayMicros())
            .as(where)
            .isLessThanOrEqualTo(budget);
      }
    }
  }
}
