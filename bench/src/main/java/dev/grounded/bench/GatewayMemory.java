package dev.grounded.bench;

import dev.grounded.bench.GatewayBench.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory mode of the gateway bench: Grounded answers {@code requests} chat completions through
 * the alias (wrk, 64 connections, in slices of about a tenth of them); after each slice a full GC
 * is forced in the server ({@code jcmd GC.run}) and its live heap ({@code GC.heap_info}), resident
 * set size and thread count are printed. The first slice is the warm-up; growth is what the later
 * slices add over it.
 */
final class GatewayMemory {
  private static final Pattern USED = Pattern.compile("total (\\d+)K, used (\\d+)K");

  private GatewayMemory() {}

  static void run(Target grounded, long requests, Path dir, String clientCpu) throws Exception {
    Wrk wrk = new Wrk(grounded.url(), grounded.body(), grounded.headers(), dir, "memory");
    long pid = grounded.pid();
    System.out.printf(
        Locale.ROOT,
        "%nmemory: %,d requests through Grounded (wrk, 64 connections); after each slice a forced"
            + " full GC in the server%n%12s %8s %12s %14s %9s %8s %7s%n",
        requests,
        "requests",
        "req/s",
        "live heap MB",
        "heap commit MB",
        "RSS MB",
        "threads",
        "errors");
    long done = 0;
    double warmHeap = Double.NaN, warmRss = Double.NaN, lastHeap = 0, lastRss = 0;
    Duration slice = Duration.ofSeconds(10);
    while (done < requests) {
      Wrk.Result w = wrk.run(64, slice, clientCpu);
      done += w.requests();
      Procs.output(List.of(jcmd(), Long.toString(pid), "GC.run"));
      double[] heap = heapMb(pid);
      lastHeap = heap[0];
      lastRss = Procs.rssMb(pid);
      System.out.printf(
          Locale.ROOT,
          "%,12d %8.0f %12.1f %14.1f %9.1f %8d %7d%n",
          done,
          w.rps(),
          lastHeap,
          heap[1],
          lastRss,
          threads(pid),
          w.errors());
      if (Double.isNaN(warmHeap)) {
        warmHeap = lastHeap;
        warmRss = lastRss;
      }
      // the next slice: about a tenth of the requests at the latest rate (the first, cold, is slow)
      long perSlice = Math.max(1, Math.min(requests / 10, requests - done));
      slice = Duration.ofSeconds(Math.max(2, Math.round(perSlice / Math.max(1, w.rps()))));
    }
    System.out.printf(
        Locale.ROOT,
        "after warm-up (first slice) to the end: live heap %+.1f MB (%.1f -> %.1f), RSS %+.1f MB"
            + " (%.1f -> %.1f)%n",
        lastHeap - warmHeap,
        warmHeap,
        lastHeap,
        lastRss - warmRss,
        warmRss,
        lastRss);
  }

  /** Used and committed heap in MB (young + old generation, from {@code GC.heap_info}). */
  static double[] heapMb(long pid) throws Exception {
    String info = Procs.output(List.of(jcmd(), Long.toString(pid), "GC.heap_info"));
    Matcher m = USED.matcher(info);
    long used = 0, committed = 0;
    boolean any = false;
    while (m.find()) {
      committed += Long.parseLong(m.group(1));
      used += Long.parseLong(m.group(2));
      any = true;
    }
    return any
        ? new double[] {used / 1024.0, committed / 1024.0}
        : new double[] {Double.NaN, Double.NaN};
  }

  static int threads(long pid) {
    try {
      for (String l : java.nio.file.Files.readAllLines(Path.of("/proc/" + pid + "/status")))
        if (l.startsWith("Threads:")) return Integer.parseInt(l.substring(8).trim());
    } catch (Exception e) {
      // gone
    }
    return -1;
  }

  static String jcmd() {
    return Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
  }
}
