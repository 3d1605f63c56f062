package dev.grounded.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The gateway's added latency: {@code POST /v1/chat/completions} through Grounded (a configured
 * alias whose provider is the {@link FakeUpstream}) and through Portkey's open-source gateway (same
 * upstream as a custom host), each set against the same request sent to the fake upstream directly,
 * in the same run. Latency comes from an {@link OpenLoop} at a constant arrival rate (1, 64 and
 * 1,000 requests/s; corrected for coordinated omission); the added latency is a path's p50 (p99)
 * minus the direct path's p50 (p99) at the same rate. Throughput at saturation comes from wrk
 * (closed loop, 64 connections). The three targets alternate within each rate, in rounds.
 *
 * <p>Three processes besides this one: the fake upstream (a JVM), Grounded ({@code grounded serve},
 * a JVM with the launcher's options) and Portkey (node). On 2 cores, by default the gateway under
 * test is pinned to CPU 0 and the load generator, wrk and the upstream to CPU 1 ({@code taskset}),
 * so that the gateway's core is not shared with the client (other processes on the machine still
 * share both). The CPU time each gateway process used per request comes from /proc, a figure that
 * the machine's other load moves less than latency.
 *
 * <p>Usage: {@code GatewayBench [latency|memory] [options]}: {@code --seconds N} measured seconds
 * per target and rate (1 req/s gets 3 x N), {@code --rounds N}, {@code --no-pin}, {@code
 * --no-portkey}, {@code --requests N} (memory mode: total requests, default 1,000,000). The
 * launcher path and Portkey's script come from {@code -Dbench.grounded} and {@code
 * -Dbench.portkey}.
 */
public final class GatewayBench {
  static final double[] RATES = {1, 64, 1000};
  static final String BODY =
      "{\"model\":\"%s\",\"messages\":[{\"role\":\"system\",\"content\":\"You are terse.\"},"
          + "{\"role\":\"user\",\"content\":\"What is the capital of France?\"}],"
          + "\"temperature\":0,\"max_tokens\":32}";

  private GatewayBench() {}

  /** One way to reach the upstream: a URL, headers and the model name the body carries. */
  record Target(String name, String url, Map<String, String> headers, String model, long pid) {
    String body() {
      return BODY.formatted(model);
    }

    HttpRequest request() {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body()));
      headers.forEach(b::header);
      return b.build();
    }
  }

  public static void main(String[] args) throws Exception {
    Logs.quiet();
    String mode = "latency";
    int seconds = 10, rounds = 2;
    long requests = 1_000_000;
    boolean pin = true, portkey = true;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "latency", "memory" -> mode = args[i];
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--requests" -> requests = Long.parseLong(args[++i]);
        case "--no-pin" -> pin = false;
        case "--no-portkey" -> portkey = false;
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    String launcher = System.getProperty("bench.grounded", "./grounded");
    String portkeyScript = System.getProperty("bench.portkey", "");
    if (portkeyScript.isEmpty() || !Files.exists(Path.of(portkeyScript))) portkey = false;
    String gatewayCpu = pin ? "0" : "", clientCpu = pin ? "1" : "";
    Path dir = Files.createTempDirectory("grounded-bench-gateway");
    String loadBefore = ServiceBench.loadAverage();

    Procs.Started upstream =
        Procs.start(
            List.of(
                javaBin(),
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
    Path yaml = dir.resolve("grounded.yaml");
    Files.writeString(
        yaml,
        "providers:\n  fake:\n    base_url: "
            + upstreamBase
            + "/v1\nmodels:\n  fast:\n    provider: fake\n    model: upstream-m\n");
    Procs.Started grounded =
        Procs.start(
            List.of(
                launcher,
                "serve",
                "--config",
                yaml.toString(),
                "--data",
                dir.resolve("data").toString(),
                "--port",
                "0",
                "--access-log",
                "/dev/null"),
            gatewayCpu,
            l -> l.contains("serving on http://"),
            180);
    String groundedBase = grounded.line().replaceAll(".*serving on (http://[^ ]+).*", "$1").trim();

    List<Target> targets = new ArrayList<>();
    targets.add(
        new Target(
            "direct (fake upstream)",
            upstreamBase + "/v1/chat/completions",
            Map.of(),
            "upstream-m",
            upstream.pid()));
    targets.add(
        new Target(
            "Grounded", groundedBase + "/v1/chat/completions", Map.of(), "fast", grounded.pid()));
    if (portkey) {
      int port = Procs.freePort();
      Procs.Started pk =
          Procs.start(
              List.of("node", portkeyScript, "--port=" + port, "--headless"),
              gatewayCpu,
              l -> l.contains("Ready for connections"),
              60);
      Map<String, String> h = new LinkedHashMap<>();
      h.put("x-portkey-provider", "openai");
      h.put("x-portkey-custom-host", upstreamBase + "/v1");
      h.put("Authorization", "Bearer sk-bench");
      targets.add(
          new Target(
              "Portkey 1.15.2",
              "http://127.0.0.1:" + port + "/v1/chat/completions",
              h,
              "upstream-m",
              pk.pid()));
    }
    System.out.printf(
        Locale.ROOT,
        "%d cores; JDK %s; load average before start %s%n"
            + "fake upstream: pid %d (%s); Grounded: pid %d, 'grounded serve' (open mode, access log"
            + " to /dev/null), alias 'fast' -> fake/upstream-m%s%n"
            + "%s%n",
        Integer.parseInt(Procs.output(List.of("nproc", "--all")).trim()),
        Runtime.version(),
        loadBefore,
        upstream.pid(),
        upstreamBase,
        grounded.pid(),
        portkey ? "; Portkey: node " + Procs.output(List.of("node", "--version")).trim() : "",
        pin
            ? "pinned: gateways on CPU 0; load generator, wrk and fake upstream on CPU 1"
            : "not pinned");
    try (OpenLoop loop = new OpenLoop()) {
      for (Target t : targets) {
        OpenLoop.Result once =
            loop.run(t.request(), "Paris", 10, Duration.ZERO, Duration.ofMillis(300));
        if (once.failures() > 0 || once.ms().length == 0)
          throw new IllegalStateException(t.name() + " does not answer the bench's request");
      }
      if (mode.equals("memory")) {
        GatewayMemory.run(targets.get(1), requests, dir, clientCpu);
        return;
      }
      new GatewayLatency(targets, loop, dir, clientCpu, seconds, rounds).run();
    } finally {
      Procs.stopAll();
    }
  }

  static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
