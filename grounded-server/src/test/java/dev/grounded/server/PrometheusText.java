package dev.grounded.server;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Parses a Prometheus text exposition with the Prometheus project's own Python client parser
 * ({@code prometheus_client.parser.text_string_to_metric_families}; Debian's package {@code
 * python3-prometheus-client}, which {@code .ci/run} installs). It raises on any malformed line, so
 * a broken exposition fails the test; tests skip when no Python has the module.
 */
final class PrometheusText {
  private static final String SCRIPT =
      """
      import sys, json
      if sys.argv[1] == "openmetrics":
          from prometheus_client.openmetrics.parser import text_string_to_metric_families
      else:
          from prometheus_client.parser import text_string_to_metric_families
      out = {"families": {}, "samples": []}
      for f in text_string_to_metric_families(sys.stdin.read()):
          out["families"][f.name] = f.type
          for s in f.samples:
              out["samples"].append({"name": s.name, "labels": s.labels, "value": s.value})
      print(json.dumps(out))
      """;
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
  private static String python;

  /** One sample: its name (with {@code _bucket}, {@code _total}...), labels and value. */
  record Sample(String name, Map<String, String> labels, double value) {}

  /** A parsed exposition: family name → type, and every sample in order. */
  record Parsed(Map<String, String> families, List<Sample> samples) {
    /** The value of the one sample {@code name} with exactly {@code labels}, else 0. */
    double value(String name, Map<String, String> labels) {
      double v = 0;
      int found = 0;
      for (Sample s : samples)
        if (s.name().equals(name) && s.labels().equals(labels)) {
          v = s.value();
          found++;
        }
      if (found > 1) throw new AssertionError(found + " samples " + name + labels);
      return v;
    }

    List<Sample> named(String name) {
      return samples.stream().filter(s -> s.name().equals(name)).toList();
    }
  }

  private PrometheusText() {}

  /** A Python interpreter with {@code prometheus_client}, or skips the calling test. */
  static synchronized String python() {
    if (python == null) {
      for (String candidate : List.of("/usr/bin/python3", "python3"))
        if (run(candidate, "import prometheus_client.parser", "", "text").exit() == 0) {
          python = candidate;
          break;
        }
      if (python == null) python = "";
    }
    assumeTrue(
        !python.isEmpty(),
        "no python3 with prometheus_client (apt-get install python3-prometheus-client)");
    return python;
  }

  /** Parses {@code text}; throws {@link AssertionError} with the parser's error when malformed. */
  static Parsed parse(String text) {
    return parse(text, "text");
  }

  /** Parses {@code text} in OpenMetrics 1.0 (stricter: {@code # EOF}, unit and type rules). */
  static Parsed parseOpenMetrics(String text) {
    return parse(text, "openmetrics");
  }

  private static Parsed parse(String text, String format) {
    Result r = run(python(), SCRIPT, text, format);
    if (r.exit() != 0) throw new AssertionError("the Prometheus parser rejected it: " + r.err());
    try {
      JsonNode root = JSON.readTree(r.out());
      Map<String, String> families = new LinkedHashMap<>();
      root.get("families")
          .properties()
          .forEach(e -> families.put(e.getKey(), e.getValue().asText()));
      List<Sample> samples = new ArrayList<>();
      for (JsonNode s : root.get("samples")) {
        Map<String, String> labels = new TreeMap<>();
        s.get("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        samples.add(new Sample(s.get("name").asText(), labels, s.get("value").asDouble()));
      }
      return new Parsed(families, samples);
    } catch (IOException e) {
      throw new AssertionError("unreadable parser output: " + r.out(), e);
    }
  }

  private record Result(int exit, String out, String err) {}

  private static Result run(String python, String script, String stdin, String format) {
    try {
      Process p = new ProcessBuilder(python, "-c", script, format).start();
      try (OutputStream in = p.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      var out = p.getInputStream().readAllBytes();
      var err = p.getErrorStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, "", "timed out");
      }
      return new Result(
          p.exitValue(),
          new String(out, StandardCharsets.UTF_8),
          new String(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new Result(-1, "", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "", e.toString());
    }
  }
}
