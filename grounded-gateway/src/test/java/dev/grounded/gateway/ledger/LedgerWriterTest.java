package dev.grounded.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grounded.gateway.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ledger rows written off the request thread: none lost, failures kept, old rows deleted. */
class LedgerWriterTest {
  @TempDir Path tmp;
  final ByteArrayOutputStream errors = new ByteArrayOutputStream();
  final PrintStream err = new PrintStream(errors, true, StandardCharsets.UTF_8);

  static LedgerEntry row(Instant at, String request) {
    return new LedgerEntry(
        at, "acme", "k", "bob", "fast", "p", "m", 10, 2, false, 3, 7, "ok", request);
  }

  static long calls(Ledger ledger) {
    return ledger.costs(CostQuery.all(CostQuery.By.TOTAL)).stream().mapToLong(CostRow::calls).sum();
  }

  @Test
  void rowsRecordedFromManyThreadsWhileTheWriterClosesAreAllWritten() throws Exception {
    try (Ledger ledger = Ledger.open(tmp.resolve("grounded.db"));
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      LedgerWriter writer =
          new LedgerWriter(ledger, executor, Duration.ZERO, new MutableClock(Instant.now()), err);
      List<Future<?>> threads = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        threads.add(
            executor.submit(
                () -> {
                  for (int i = 0; i < 100; i++) writer.record(row(Instant.now(), thread + "-" + i));
                }));
      }
      Thread.sleep(5); // close while rows are still being recorded
      writer.close();
      for (Future<?> f : threads) f.get();
      writer.record(row(Instant.now(), "after close")); // certainly after close
      assertThat(writer.pending()).as("rows recorded after close are written at once").isZero();
      assertThat(calls(ledger)).isEqualTo(801);
    }
  }

  @Test
  void rowsRecordedWithinTheLingerWaitToShareOneWriteAndCloseStillWritesThem() throws Exception {
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try (Ledger ledger = Ledger.open(tmp.resolve("grounded.db"))) {
      LedgerWriter writer =
          new LedgerWriter(ledger, thread, Duration.ZERO, new MutableClock(Instant.now()), err)
              .withLinger(Duration.ofHours(1));
      for (int i = 0; i < 3; i++) writer.record(row(Instant.now(), "r" + i));
      Thread.sleep(200); // without the linger the first row would be written by now
      assertThat(writer.pending()).isEqualTo(3);
      writer.close();
      assertThat(writer.pending()).isZero();
      assertThat(calls(ledger)).isEqualTo(3);
    } finally {
      thread.shutdownNow(); // ends the lingering wait
    }
  }

  @Test
  void aFailedWriteIsReportedAndKeepsItsRows() {
    Ledger ledger = Ledger.open(tmp.resolve("grounded.db"));
    LedgerWriter writer =
        new LedgerWriter(
            ledger, Runnable::run, Duration.ZERO, new MutableClock(Instant.now()), err);
    ledger.close(); // every write fails now
    writer.record(row(Instant.now(), "a"));
    writer.record(row(Instant.now(), "b"));
    assertThat(errors.toString(StandardCharsets.UTF_8)).contains("cannot write 1 ledger rows");
    assertThat(writer.pending()).isEqualTo(2);
  }

  @Test
  void rowsOlderThanTheRetentionAreDeleted() throws Exception {
    Instant now = Instant.parse("2026-06-01T12:00:00Z");
    try (Ledger ledger = Ledger.open(tmp.resolve("grounded.db"))) {
      ledger.record(row(now.minus(Duration.ofDays(40)), "old"));
      ledger.record(row(now.minus(Duration.ofDays(20)), "recent"));
      LedgerWriter writer =
          new LedgerWriter(ledger, Runnable::run, Duration.ofDays(30), new MutableClock(now), err);
      writer.record(row(now, "new"));
      writer.close();
      assertThat(calls(ledger)).isEqualTo(2);
    }
  }
}
