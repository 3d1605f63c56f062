package dev.grounded.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The processes of the gateway bench (fake upstream, Grounded, Portkey): started, optionally pinned
 * to a CPU with {@code taskset}, their output watched for a ready line, their CPU time and resident
 * memory read from {@code /proc}, and stopped at the end.
 */
final class Procs {
  private static final List<Process> STARTED = new ArrayList<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(Procs::stopAll));
  }

  private Procs() {}

  /**
   * Starts {@code command} (prefixed by {@code taskset -c cpus} unless cpus is empty) and returns
   * it with the first output line matching {@code ready}; the rest of its output is echoed to
   * stderr only if {@code echo}.
   */
  static Started start(List<String> command, String cpus, Predicate<String> ready, long seconds)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    if (!cpus.isEmpty()) cmd.addAll(List.of("taskset", "-c", cpus));
    cmd.addAll(command);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    synchronized (STARTED) {
      STARTED.add(p);
    }
    CompletableFuture<String> line = new CompletableFuture<>();
    List<String> seen = new ArrayList<>();
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                  if (!line.isDone()) {
                    synchronized (seen) {
                      seen.add(l);
                    }
                    if (ready.test(l)) line.complete(l);
                  }
                }
              } catch (IOException e) {
                // process gone
              }
              line.complete(null);
            });
    String found;
    try {
      found = line.get(seconds, TimeUnit.SECONDS);
    } catch (Exception e) {
      found = null;
    }
    if (found == null) {
      p.destroyForcibly();
      synchronized (seen) {
        throw new IllegalStateException(
            String.join(" ", cmd) + " did not start; its output:\n" + String.join("\n", seen));
      }
    }
    return new Started(p, found);
  }

  record Started(Process process, String line) {
    long pid() {
      return process.pid();
    }
  }

  /** A free loopback port (a race with other processes is possible but unlikely). */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** User + system CPU time of a process and its threads, in seconds (from /proc/pid/stat). */
  static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // fields after the name: state(0) ... utime(11) stime(12), in clock ticks (100 per second)
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** The process's resident set size in MB (VmRSS), or NaN. */
  static double rssMb(long pid) {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status")))
        if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("\\D", "")) / 1024.0;
    } catch (IOException | RuntimeException e) {
      // gone
    }
    return Double.NaN;
  }

  /** Runs a short command and returns its output (stdout and stderr). */
  static String output(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(60, TimeUnit.SECONDS);
    return out;
  }

  static void stopAll() {
    synchronized (STARTED) {
      for (Process p : STARTED) p.destroy();
      for (Process p : STARTED) {
        try {
          if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
        } catch (InterruptedException e) {
          p.destroyForcibly();
        }
      }
      STARTED.clear();
    }
  }
}
