package dev.grounded.bench;

import com.sun.net.httpserver.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What everything on (metrics, traces exported over OTLP at ratio 1, the audit log, drift) adds to
 * a served gateway call: two {@code grounded serve} processes with the same alias to the {@link
 * FakeUpstream}, one with everything off ({@code metrics}, {@code audit} and {@code drift}
 * disabled, no OTLP endpoint) and one with the defaults plus {@code tracing.otlp_endpoint} at ratio
 * 1, sent the same requests by one sequential client, in the same run.
 *
 * <p>Alternation: blocks of {@code --block} calls (default 500), in ABBA order per round (off, on,
 * on, off, then on, off, off, on), with a pause between blocks so that the "on" server's writer and
 * exporter finish the work of its block before the other server's block starts (its background work
 * would otherwise be charged to the "off" server's calls: per-call alternation hides cost). Figures
 * per round: p50 and mean of each side and their ratio; reported as the median over rounds with the
 * spread (min..max), and over all calls pooled; the CPU each server process used per call (/proc, a
 * figure the machine's other load moves less than latency).
 *
 * <p>Layout on 2 cores: both servers on CPU 0; this JVM (client, OTLP receiver) and the upstream on
 * CPU 1 ({@code taskset}; {@code --no-pin} for none). Usage: {@code ObservabilityGatewayBench
 * [--rounds N] [--block N] [--pause-ms N] [--warmup N] [--max-warmup N] [--no-pin]}; the launcher
 * comes from {@code -Dbench.grounded}.
 */
public final class ObservabilityGatewayBench {
  static final String BODY =
      "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"What is the effect of"
          + " vitamin D supplementation on fracture risk in adults? (%d)\"}]}";

  private ObservabilityGatewayBench() {}

  public static void main(String[] args) throws Exception {
    Logs.quiet();
    int rounds = 10, block = 500, pauseMs = 300, warmup = 20_000, maxWarmup = 200_000;
    boolean pin = true;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--block" -> block = Integer.parseInt(args[++i]);
        case "--pause-ms" -> pauseMs = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--max-warmup" -> maxWarmup = Integer.parseInt(args[++i]);
        case "--no-pin" -> pin = false;
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    String launcher = System.getProperty("bench.grounded", "./grounded");
    String serverCpu = pin ? "0" : "", clientCpu = pin ? "1" : "";
    Path dir = Files.createTempDirectory("grounded-bench-observability-gateway");
    String loadBefore = ServiceBench.loadAverage();
    AtomicLong exports = new AtomicLong();
    HttpServer receiver = ObservabilityBench.collector(exports);
    try {
      Procs.Started upstream =
          Procs.start(
              List.of(
                  GatewayBench.javaBin(),
                  "-Xmx64m",
                  "-XX:+UseSerialGC",
                  "-XX:TieredStopAtLevel=1",
                  "-cp",
                  System.getProperty("java.class.path"),
                  FakeUpstream.class.getName()),
              clientCpu,
              l -> l.startsWith("port "),
              30);
      String upstreamBase = "http://127.0.0.1:" + upstream.line().substring(5).trim();
      String models =
          "providers:\n  fake:\n    base_url: "
              + upstreamBase
              + "/v1\nmodels:\n  fast:\n    provider: fake\n    model: upstream-m\n";
      String off =
          models
              + "metrics:\n  enabled: false\naudit:\n  enabled: false\ndrift:\n  enabled: false\n";
      String on =
          models
              + "tracing:\n  otlp_endpoint: http://127.0.0.1:"
              + receiver.getAddress().getPort()
              + "\n  sample_ratio: 1.0\n";
      Server[] servers = {
        serve("off", off, dir, launcher, serverCpu), serve("on", on, dir, launcher, serverCpu)
      };
      System.out.printf(
          Locale.ROOT,
          "%d cores; JDK %s (client); load average before start %s%n"
              + "'grounded serve' x2 (open mode, access log to /dev/null), alias 'fast' -> fake"
              + " upstream %s%n"
              + "  off: metrics, audit, drift disabled, no OTLP endpoint; on: the defaults (metrics,"
              + " audit, drift) + traces exported over OTLP/HTTP at ratio 1 to a receiver in the"
              + " client's JVM%n"
              + "%s; one sequential client; %d rounds of ABBA blocks of %d calls, %d ms pause"
              + " between blocks%n",
          Integer.parseInt(Procs.output(List.of("nproc", "--all")).trim()),
          Runtime.version(),
          loadBefore,
          upstreamBase,
          pin ? "pinned: servers on CPU 0; client, receiver and upstream on CPU 1" : "not pinned",
          rounds,
          block,
          pauseMs);
      HttpClient client = HttpClient.newHttpClient();
      // warm-up, not measured: on one pinned CPU the servers' JIT compilers were still busy after
      // 20,000 calls (C2 threads at 100-250 us of CPU per call, unevenly between the servers), so
      // after --warmup calls each, both keep warming up until their compilers are quiet
      int warmed = warmup(client, servers, warmup, maxWarmup);
      System.out.printf(
          Locale.ROOT,
          "warm-up: %d calls per server (until the C2 compiler threads used < %d us per call)%n",
          warmed,
          QUIET_JIT_US);
      double[][] p50 = new double[2][rounds], mean = new double[2][rounds];
      long[][] all = {new long[0], new long[0]};
      double[] cpu0 = {Procs.cpuSeconds(servers[0].pid()), Procs.cpuSeconds(servers[1].pid())};
      List<Map<String, Long>> threads0 =
          List.of(threadTicks(servers[0].pid()), threadTicks(servers[1].pid()));
      for (int round = 0; round < rounds; round++) {
        int[] order = (round & 1) == 0 ? new int[] {0, 1, 1, 0} : new int[] {1, 0, 0, 1};
        long[][] times = {new long[0], new long[0]};
        for (int v : order) {
          Thread.sleep(pauseMs);
          times[v] = ObservabilityBench.concat(times[v], calls(client, servers[v], block, round));
        }
        for (int v = 0; v < 2; v++) {
          p50[v][round] = ObservabilityBench.pct(times[v], 50);
          mean[v][round] = ObservabilityBench.mean(times[v]);
          all[v] = ObservabilityBench.concat(all[v], times[v]);
        }
      }
      double[] cpuPerCall = new double[2];
      for (int v = 0; v < 2; v++)
        cpuPerCall[v] =
            (Procs.cpuSeconds(servers[v].pid()) - cpu0[v]) * 1e6 / (2.0 * rounds * block);
      report(p50, mean, all, cpuPerCall);
      System.out.println("  server CPU per call by thread (us; names with digits folded):");
      double calls = 2.0 * rounds * block;
      for (int v = 0; v < 2; v++) {
        Map<String, Long> before = threads0.get(v), t = threadTicks(servers[v].pid());
        t.replaceAll((k, x) -> x - before.getOrDefault(k, 0L));
        StringBuilder line = new StringBuilder();
        t.entrySet().stream()
            .filter(e -> e.getValue() > 0)
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .limit(10)
            .forEach(
                e ->
                    line.append(
                        String.format(
                            Locale.ROOT, "  %s %.1f", e.getKey(), e.getValue() * 1e4 / calls)));
        System.out.printf(Locale.ROOT, "    %-3s%s%n", servers[v].name(), line);
      }
      Thread.sleep(6_000); // the exporter's schedule: what is left of the last batch
      System.out.printf(
          Locale.ROOT,
          "OTLP export requests received: %d, %d spans; load average after %s%n",
          exports.get(),
          ObservabilityBench.SPANS.get(),
          ServiceBench.loadAverage());
    } finally {
      Procs.stopAll();
      receiver.stop(0);
    }
  }

  record Server(String name, String base, long pid) {}

  static Server serve(String name, String yaml, Path dir, String launcher, String cpus)
      throws Exception {
    Path config = dir.resolve(name + ".yaml");
    Files.writeString(config, yaml);
    Procs.Started p =
        Procs.start(
            List.of(
                launcher,
                "serve",
                "--config",
                config.toString(),
                "--data",
                dir.resolve(name).toString(),
                "--port",
                "0",
                "--access-log",
                "/dev/null"),
            cpus,
            l -> l.contains("serving on http://"),
            180);
    return new Server(
        name, p.line().replaceAll(".*serving on (http://[^ ]+).*", "$1").trim(), p.pid());
  }

  /** Compiler CPU per call, in us, below which a server counts as warm. */
  static final int QUIET_JIT_US = 10;

  /**
   * Calls both servers, 2,000 at a time each, at least {@code min} and at most {@code max} calls,
   * until in one such step neither server's C2 compiler threads used {@value #QUIET_JIT_US} us of
   * CPU per call or more. Returns the calls made per server.
   */
  static int warmup(HttpClient client, Server[] servers, int min, int max) throws Exception {
    int step = 2_000, made = 0;
    while (made < max) {
      long[] before = new long[servers.length];
      for (int v = 0; v < servers.length; v++) before[v] = compilerTicks(servers[v].pid());
      for (Server s : servers) calls(client, s, step, -1 - made / step);
      made += step;
      boolean quiet = true;
      for (int v = 0; v < servers.length; v++)
        quiet &= (compilerTicks(servers[v].pid()) - before[v]) * 1e4 / step < QUIET_JIT_US;
      if (quiet && made >= min) break;
    }
    return made;
  }

  static long compilerTicks(long pid) {
    return threadTicks(pid).entrySet().stream()
        .filter(e -> e.getKey().startsWith("C# CompilerThre"))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** CPU clock ticks (1/100 s) of each thread of {@code pid} by name, digits folded (/proc). */
  static Map<String, Long> threadTicks(long pid) {
    Map<String, Long> out = new TreeMap<>();
    try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path t : tasks.toList()) {
        try {
          String name = Files.readString(t.resolve("comm")).strip().replaceAll("[0-9]+", "#");
          String stat = Files.readString(t.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          out.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
        } catch (java.io.IOException | RuntimeException gone) {
          // the thread ended
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      // no /proc: no break-down
    }
    return out;
  }

  /** {@code n} sequential calls: nanoseconds each. */
  static long[] calls(HttpClient client, Server server, int n, int round) throws Exception {
    URI uri = URI.create(server.base() + "/v1/chat/completions");
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(BODY.formatted(round * n + i)))
              .build();
      long t0 = System.nanoTime();
      HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
      out[i] = System.nanoTime() - t0;
      if (r.statusCode() != 200)
        throw new IllegalStateException(server.name() + ": " + r.statusCode() + " " + r.body());
    }
    return out;
  }

  static void report(double[][] p50, double[][] mean, long[][] all, double[] cpuPerCall) {
    int rounds = p50[0].length;
    double[] p50Ratio = new double[rounds], meanRatio = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      p50Ratio[r] = (p50[1][r] / p50[0][r] - 1) * 100;
      meanRatio[r] = (mean[1][r] / mean[0][r] - 1) * 100;
    }
    System.out.println("POST /v1/chat/completions (gateway -> fake upstream, loopback HTTP)");
    String[] names = {"off", "on"};
    for (int v = 0; v < 2; v++)
      System.out.printf(
          Locale.ROOT,
          "  %-3s pooled p50 %.3f ms  p90 %.3f ms  mean %.3f ms  (n=%d)  per round: p50 median"
              + " %.3f ms, mean median %.3f ms; server CPU %.0f us per call%n",
          names[v],
          ObservabilityBench.pct(all[v], 50) / 1e6,
          ObservabilityBench.pct(all[v], 90) / 1e6,
          ObservabilityBench.mean(all[v]) / 1e6,
          all[v].length,
          median(p50[v]) / 1e6,
          median(mean[v]) / 1e6,
          cpuPerCall[v]);
    System.out.printf(
        Locale.ROOT,
        "  on vs off, per round: p50 %+.1f %% [%+.1f..%+.1f], mean %+.1f %% [%+.1f..%+.1f]"
            + " (median [min..max] over %d rounds)%n"
            + "  on vs off, pooled: p50 %+.1f %%, mean %+.1f %%; server CPU %+.0f us per call%n",
        median(p50Ratio),
        min(p50Ratio),
        max(p50Ratio),
        median(meanRatio),
        min(meanRatio),
        max(meanRatio),
        rounds,
        (ObservabilityBench.pct(all[1], 50) / ObservabilityBench.pct(all[0], 50) - 1) * 100,
        (ObservabilityBench.mean(all[1]) / ObservabilityBench.mean(all[0]) - 1) * 100,
        cpuPerCall[1] - cpuPerCall[0]);
  }

  static double median(double[] a) {
    double[] s = a.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  static double min(double[] a) {
    return Arrays.stream(a).min().orElse(Double.NaN);
  }

  static double max(double[] a) {
    return Arrays.stream(a).max().orElse(Double.NaN);
  }
}
