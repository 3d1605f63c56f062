package dev.grounded.bench;

import dev.grounded.bench.GatewayBench.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The latency mode of the gateway bench: JIT warm-up, then for each rate the targets in alternating
 * slices (direct, Grounded, Portkey; rounds), then wrk at saturation in the same alternation, and
 * the verdict against the targets.
 */
final class GatewayLatency {
  private final List<Target> targets;
  private final OpenLoop loop;
  private final Path dir;
  private final String clientCpu;
  private final int seconds;
  private final int rounds;

  GatewayLatency(
      List<Target> targets, OpenLoop loop, Path dir, String clientCpu, int seconds, int rounds) {
    this.targets = targets;
    this.loop = loop;
    this.dir = dir;
    this.clientCpu = clientCpu;
    this.seconds = seconds;
    this.rounds = rounds;
  }

  void run() throws Exception {
    int n = targets.size();
    Wrk[] wrk = new Wrk[n];
    for (int t = 0; t < n; t++)
      wrk[t] =
          new Wrk(
              targets.get(t).url(), targets.get(t).body(), targets.get(t).headers(), dir, "t" + t);
    long warm = System.nanoTime();
    for (int t = 0; t < n; t++) wrk[t].run(16, Duration.ofSeconds(10), clientCpu);
    System.out.printf(
        Locale.ROOT,
        "JIT warm-up: wrk, 16 connections, 10 s per target (%.0f s)%n",
        (System.nanoTime() - warm) / 1e9);

    System.out.printf(
        Locale.ROOT,
        "%nopen loop, constant arrival rate (latency from when each request was due); %d rounds;"
            + " added = the target's quantile minus the direct path's%n"
            + "%-24s %7s %6s %8s %8s %9s %9s %10s %5s%n",
        rounds,
        "",
        "req/s",
        "n",
        "p50 ms",
        "p99 ms",
        "+p50 ms",
        "+p99 ms",
        "cpu ms/req",
        "fail");
    double[][] added = new double[RATES_LENGTH][];
    for (int r = 0; r < GatewayBench.RATES.length; r++) {
      double rate = GatewayBench.RATES[r];
      Duration warmUp = Duration.ofSeconds(rate < 10 ? 2 : 1);
      Duration window = Duration.ofSeconds(Math.max(1, (rate < 10 ? 3L : 1L) * seconds / rounds));
      double[][] ms = new double[n][0];
      long[] failures = new long[n];
      double[] cpu = new double[n];
      double sent = rounds * rate * (warmUp.toNanos() + window.toNanos()) / 1e9;
      for (int round = 0; round < rounds; round++) {
        for (int k = 0; k < n; k++) {
          int t = round % 2 == 0 ? k : n - 1 - k; // A B C, C B A, ...
          double c0 = Procs.cpuSeconds(targets.get(t).pid());
          OpenLoop.Result res = loop.run(targets.get(t).request(), "Paris", rate, warmUp, window);
          cpu[t] += Procs.cpuSeconds(targets.get(t).pid()) - c0;
          ms[t] = concat(ms[t], res.ms());
          failures[t] += res.failures();
        }
      }
      added[r] = new double[n * 2];
      OpenLoop.Result direct = result(ms[0]);
      for (int t = 0; t < n; t++) {
        OpenLoop.Result res = result(ms[t]);
        added[r][2 * t] = res.p50() - direct.p50();
        added[r][2 * t + 1] = res.p99() - direct.p99();
        System.out.printf(
            Locale.ROOT,
            "%-24s %7.0f %6d %8.3f %8.3f %9s %9s %10.3f %5d%n",
            targets.get(t).name(),
            rate,
            res.ms().length,
            res.p50(),
            res.p99(),
            t == 0 ? "" : String.format(Locale.ROOT, "%+9.3f", added[r][2 * t]),
            t == 0 ? "" : String.format(Locale.ROOT, "%+9.3f", added[r][2 * t + 1]),
            1000 * cpu[t] / sent,
            failures[t]);
      }
    }

    System.out.printf(
        Locale.ROOT,
        "%nsaturation: wrk, closed loop, 64 connections, %d rounds of %d s%n"
            + "%-24s %10s %8s %8s %10s %6s%n",
        rounds,
        Math.max(1, seconds / rounds),
        "",
        "req/s",
        "p50 ms",
        "p99 ms",
        "cpu ms/req",
        "errors");
    double[] rps = new double[n];
    for (int t = 0; t < n; t++) rps[t] = 0;
    long[] count = new long[n];
    double[] secs = new double[n], p50 = new double[n], p99 = new double[n], cpu = new double[n];
    long[] errors = new long[n];
    for (int round = 0; round < rounds; round++) {
      for (int k = 0; k < n; k++) {
        int t = round % 2 == 0 ? k : n - 1 - k;
        double c0 = Procs.cpuSeconds(targets.get(t).pid());
        Wrk.Result w = wrk[t].run(64, Duration.ofSeconds(Math.max(1, seconds / rounds)), clientCpu);
        cpu[t] += Procs.cpuSeconds(targets.get(t).pid()) - c0;
        count[t] += w.requests();
        secs[t] += w.seconds();
        errors[t] += w.errors();
        p50[t] = Math.max(p50[t], w.p50());
        p99[t] = Math.max(p99[t], w.p99());
      }
    }
    for (int t = 0; t < n; t++) {
      rps[t] = count[t] / secs[t];
      System.out.printf(
          Locale.ROOT,
          "%-24s %10.0f %8.2f %8.2f %10.3f %6d%n",
          targets.get(t).name(),
          rps[t],
          p50[t],
          p99[t],
          1000 * cpu[t] / count[t],
          errors[t]);
    }
    System.out.println("(wrk p50/p99: the worse of the rounds)");
    verdict(added, rps);
  }

  private static final int RATES_LENGTH = GatewayBench.RATES.length;

  private void verdict(double[][] added, double[] rps) {
    System.out.printf(Locale.ROOT, "%ntargets (Grounded's added latency at every rate):%n");
    double worst50 = 0, worst99 = 0;
    for (double[] a : added) {
      worst50 = Math.max(worst50, a[2]);
      worst99 = Math.max(worst99, a[3]);
    }
    System.out.printf(
        Locale.ROOT,
        "  added p50 <= 0.5 ms: worst %.3f ms %s%n  added p99 <= 2 ms: worst %.3f ms %s%n",
        worst50,
        mark(worst50 <= 0.5),
        worst99,
        mark(worst99 <= 2));
    if (targets.size() < 3) {
      System.out.println("  Portkey not run: no comparison");
      return;
    }
    for (int r = 0; r < added.length; r++) {
      double[] a = added[r];
      System.out.printf(
          Locale.ROOT,
          "  at %4.0f req/s: Grounded adds %.3f / %.3f ms (p50/p99), Portkey %.3f / %.3f ms:"
              + " ratio %.2f / %.2f (target <= 0.5) %s%n",
          GatewayBench.RATES[r],
          a[2],
          a[3],
          a[4],
          a[5],
          ratio(a[2], a[4]),
          ratio(a[3], a[5]),
          mark(ratio(a[2], a[4]) <= 0.5 && ratio(a[3], a[5]) <= 0.5));
    }
    System.out.printf(
        Locale.ROOT,
        "  saturation: Grounded %.0f req/s, Portkey %.0f req/s: %.2fx (target >= 3x) %s%n",
        rps[1],
        rps[2],
        rps[1] / rps[2],
        mark(rps[1] / rps[2] >= 3));
  }

  /** Grounded's added latency over Portkey's; a negative added latency counts as 0. */
  private static double ratio(double grounded, double portkey) {
    return Math.max(0, grounded) / Math.max(1e-9, portkey);
  }

  private static String mark(boolean met) {
    return met ? "MET" : "MISSED";
  }

  private static OpenLoop.Result result(double[] ms) {
    double[] sorted = ms.clone();
    Arrays.sort(sorted);
    return new OpenLoop.Result(sorted, 0, 0);
  }

  private static double[] concat(double[] a, double[] b) {
    double[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
