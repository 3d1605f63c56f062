package dev.grounded.gateway.budget;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * The spend of calls whose scopes have no limits, written off the request threads: one platform
 * thread takes what is queued and writes it in one transaction per batch (a native SQLite call on a
 * virtual thread would pin its carrier). Nothing checks these scopes, so a total a moment late is
 * harmless; {@link #drain} writes what is queued at once (before a read of the totals, and on
 * close).
 */
final class SpendQueue {
  /** Spend of {@code micros} for each of {@code scopes} on {@code day} / {@code month} (UTC). */
  record Spend(List<Scope> scopes, String day, String month, long micros) {}

  private final LinkedBlockingQueue<Spend> queue = new LinkedBlockingQueue<>();
  private final Consumer<List<Spend>> writer;
  private Thread thread; // guarded by this

  /**
   * @param writer writes one batch in one transaction; thread-safe
   */
  SpendQueue(Consumer<List<Spend>> writer) {
    this.writer = writer;
  }

  void add(Spend spend) {
    queue.add(spend);
    start();
  }

  private synchronized void start() {
    if (thread == null)
      thread = Thread.ofPlatform().daemon().name("grounded-budget-spend").start(this::run);
  }

  private void run() {
    try {
      while (true) {
        List<Spend> batch = new ArrayList<>();
        batch.add(queue.take());
        queue.drainTo(batch);
        writer.accept(batch);
      }
    } catch (InterruptedException e) {
      // stopped: whatever is still queued is written by the stopper
    } catch (RuntimeException e) {
      // the store failed or closed: spend of unlimited scopes is bookkeeping; keep serving
      System.err.println("grounded: warning: budgets: could not record spend: " + e.getMessage());
    }
  }

  /** Writes everything queued now, on the calling thread. */
  void drain() {
    List<Spend> batch = new ArrayList<>();
    queue.drainTo(batch);
    if (!batch.isEmpty()) writer.accept(batch);
  }

  /** Stops the thread (after the batch it is writing) and writes what is left. */
  void stop() {
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t != null) {
      t.interrupt();
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    drain();
  }
}
