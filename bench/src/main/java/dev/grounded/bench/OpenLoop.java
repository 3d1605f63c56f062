package dev.grounded.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop load generator: request i is due at {@code start + i / rate}, whatever happened to
 * the ones before it (a constant arrival rate, unlike wrk's closed loop, where a slow reply delays
 * the next request and so hides itself: coordinated omission). Each request is sent on a virtual
 * thread of its own by a JDK {@link HttpClient} (HTTP/1.1 keep-alive), and its latency is measured
 * from when it was due, not from when it was sent, so time spent waiting for a connection or a
 * permit counts. At most {@value #MAX_IN_FLIGHT} requests are in flight (the connections a client
 * would hold); beyond a target's capacity the queue, and so the latency, grows without bound: that
 * is the honest figure of an overloaded server.
 */
final class OpenLoop implements AutoCloseable {
  static final int MAX_IN_FLIGHT = 256;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** Latencies of one window in ms, sorted; failures counted apart (their latency is dropped). */
  record Result(double[] ms, long failures, double seconds) {
    double quantile(double q) {
      if (ms.length == 0) return Double.NaN;
      return ms[Math.min(ms.length - 1, (int) Math.ceil(q * ms.length) - 1)];
    }

    double p50() {
      return quantile(0.50);
    }

    double p99() {
      return quantile(0.99);
    }
  }

  /**
   * Sends {@code rate} requests a second for {@code warmUp + window}; only requests due inside the
   * window are recorded. Returns when every recorded request has been answered (or timed out).
   */
  Result run(HttpRequest request, String marker, double rate, Duration warmUp, Duration window)
      throws InterruptedException {
    long intervalNanos = (long) (1e9 / rate);
    long start = System.nanoTime() + 1_000_000;
    long measureFrom = start + warmUp.toNanos();
    long end = measureFrom + window.toNanos();
    int expected = (int) Math.ceil(window.toNanos() / (double) intervalNanos) + 1;
    long[] lat = new long[expected];
    AtomicLong failures = new AtomicLong();
    Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    Semaphore done = new Semaphore(0);
    int measured = 0;
    for (long i = 0; ; i++) {
      long due = start + i * intervalNanos;
      if (due >= end) break;
      long wait;
      while ((wait = due - System.nanoTime()) > 0) LockSupport.parkNanos(wait);
      boolean measure = due >= measureFrom;
      int slot = measure ? measured++ : -1;
      Thread.ofVirtual()
          .start(
              () -> {
                boolean ok = false;
                try {
                  inFlight.acquire();
                  try {
                    HttpResponse<String> r =
                        client.send(request, HttpResponse.BodyHandlers.ofString());
                    ok = r.statusCode() == 200 && r.body().contains(marker);
                    if (!ok && failures.get() == 0)
                      System.err.println("unexpected reply: " + r.statusCode() + " " + r.body());
                  } finally {
                    inFlight.release();
                  }
                } catch (Exception e) {
                  if (failures.get() == 0) System.err.println("request failed: " + e);
                }
                long t = System.nanoTime() - due;
                if (slot >= 0) {
                  if (ok && slot < lat.length) lat[slot] = t;
                  else failures.incrementAndGet();
                  done.release();
                }
              });
    }
    if (!done.tryAcquire(measured, 120, TimeUnit.SECONDS))
      System.err.println("some requests were still unanswered 120 s after the window");
    double[] ms =
        Arrays.stream(lat).filter(t -> t > 0).mapToDouble(t -> t / 1e6).sorted().toArray();
    return new Result(ms, failures.get(), window.toNanos() / 1e9);
  }

  @Override
  public void close() {
    client.close();
  }
}
