package dev.grounded.gateway.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grounded.core.ErrorCode;
import dev.grounded.gateway.ledger.CostQuery;
import dev.grounded.gateway.ledger.CostRow;
import dev.grounded.gateway.ledger.Ledger;
import dev.grounded.gateway.ledger.LedgerEntry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The check: 64 concurrent requests against a budget that allows exactly 10 → exactly 10
 * succeed and the ledger never exceeds the budget, repeated 20 times; with one store, and with two
 * stores on the same file (as two server processes on one data directory would be).
 */
class BudgetConcurrencyTest {
  static final int REQUESTS = 64;
  static final int ALLOWED = 10;
  static final long COST = 12_345; // micro-dollars per call, worst case and actual
  static final long BUDGET = ALLOWED * COST + COST - 1; // an 11th call does not fit

  @TempDir Path tmp;

  @ParameterizedTest(name = "{0} store(s)")
  @ValueSource(ints = {1, 2})
  void exactlyTheAllowedCallsSucceedAndTheLedgerNeverExceedsTheBudget(int stores) throws Exception {
    Path file = tmp.resolve("data/grounded.db");
    List<Budgets> budgets = new ArrayList<>();
    for (int i = 0; i < stores; i++)
      budgets.add(Budgets.open(file, Clock.systemUTC(), Duration.ofMinutes(5)));
    try (Ledger ledger = Ledger.open(file);
        ExecutorService pool = Executors.newFixedThreadPool(REQUESTS)) {
      for (int round = 0; round < 20; round++) {
        String tenant = "t" + round; // a fresh budget per round
        Scope scope = Scope.tenant(tenant);
        budgets.getFirst().setLimits(scope, Limits.NONE.withUsdPerDayMicros(BUDGET));
        CountDownLatch ready = new CountDownLatch(REQUESTS);
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger refused = new AtomicInteger();
        List<Future<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
          Budgets store = budgets.get(i % stores);
          int n = i;
          calls.add(
              pool.submit(
                  () -> {
                    ready.countDown();
                    go.await();
                    return call(store, ledger, scope, tenant, n, refused);
                  }));
        }
        ready.await();
        go.countDown();
        int succeeded = 0;
        for (Future<Boolean> f : calls) if (f.get()) succeeded++;

        CostRow spent = ledger.costs(CostQuery.all(CostQuery.By.TOTAL).tenant(tenant)).getFirst();
        assertThat(succeeded).as("round %d", round).isEqualTo(ALLOWED);
        assertThat(refused.get()).isEqualTo(REQUESTS - ALLOWED);
        assertThat(spent.costMicros()).isEqualTo(ALLOWED * COST).isLessThanOrEqualTo(BUDGET);
        assertThat(budgets.getLast().usage(scope).spentTodayMicros()).isEqualTo(ALLOWED * COST);
      }
    } finally {
      for (Budgets b : budgets) b.close();
    }
  }

  /** One gateway call: reserve, "call the upstream", settle, record; false when refused. */
  private static boolean call(
      Budgets budgets, Ledger ledger, Scope scope, String tenant, int n, AtomicInteger refused) {
    Reservation r;
    try {
      r = budgets.reserve(List.of(scope), COST, 100);
    } catch (LimitExceeded e) {
      assertThat(e.code()).isEqualTo(ErrorCode.BUDGET_EXCEEDED);
      refused.incrementAndGet();
      return false;
    }
    r.settle(COST, 100);
    ledger.record(
        new LedgerEntry(
            Instant.now(),
            tenant,
            "",
            "",
            "cheap",
            "fake",
            "m",
            60,
            40,
            false,
            1,
            COST,
            "ok",
            "req-" + n));
    return true;
  }
}
