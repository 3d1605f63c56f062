package dev.grounded.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * wrk (closed loop: each connection sends its next request when the last is answered) with a Lua
 * script posting one body with given headers; used for the saturation throughput, the JIT warm-up
 * and the memory run. Its {@code done()} prints requests, errors and the p50/p99 latency.
 */
final class Wrk {
  record Result(long requests, long errors, double seconds, double p50, double p99) {
    double rps() {
      return requests / seconds;
    }
  }

  private final String url;
  private final Path script;

  Wrk(String url, String body, Map<String, String> headers, Path dir, String name)
      throws IOException {
    this.url = url;
    Path bodyFile = dir.resolve(name + ".json");
    Files.writeString(bodyFile, body);
    StringBuilder h = new StringBuilder();
    headers.forEach(
        (k, v) -> h.append("wrk.headers[\"").append(k).append("\"] = \"").append(v).append("\"\n"));
    script = dir.resolve(name + ".lua");
    Files.writeString(
        script,
        """
        local f = io.open("%s", "r")
        wrk.body = f:read("*a")
        f:close()
        wrk.method = "POST"
        wrk.headers["Content-Type"] = "application/json"
        %s
        done = function(summary, latency, requests)
          local e = summary.errors
          io.write(string.format("RESULT %%d %%d %%d %%d %%d\\n", summary.requests,
            e.connect + e.read + e.write + e.status + e.timeout, summary.duration,
            latency:percentile(50), latency:percentile(99)))
        end
        """
            .formatted(bodyFile, h));
  }

  /** Runs wrk with one thread and {@code connections} connections, pinned to {@code cpus}. */
  Result run(int connections, Duration d, String cpus) throws IOException, InterruptedException {
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(
                "wrk",
                "-t1",
                "-c" + connections,
                "-d" + Math.max(1, d.toSeconds()) + "s",
                "--timeout",
                "30s",
                "-s",
                script.toString(),
                url));
    if (!cpus.isEmpty()) cmd.addAll(0, List.of("taskset", "-c", cpus));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(d.toSeconds() + 60, TimeUnit.SECONDS) || p.exitValue() != 0)
      throw new IllegalStateException("wrk failed:\n" + out);
    for (String line : out.split("\n")) {
      String[] f = line.trim().split(" ");
      if (f[0].equals("RESULT"))
        return new Result(
            Long.parseLong(f[1]),
            Long.parseLong(f[2]),
            Long.parseLong(f[3]) / 1e6,
            Long.parseLong(f[4]) / 1e3,
            Long.parseLong(f[5]) / 1e3);
    }
    throw new IllegalStateException("unexpected wrk output:\n" + out);
  }
}
