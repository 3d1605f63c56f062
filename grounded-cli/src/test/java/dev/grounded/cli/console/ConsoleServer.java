package dev.grounded.cli.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grounded.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code grounded serve} in a child JVM over a fresh data directory, as a user starts it, for the
 * console's browser tests; API keys are created first with {@code grounded keys create}.
 */
final class ConsoleServer implements AutoCloseable {
  private static final Pattern SERVING =
      Pattern.compile("serving on (http://127\\.0\\.0\\.1:\\d+)");
  private final Process process;
  private final Path log;
  final Path data;
  final String url;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  ConsoleServer(Path data, List<String> extraArgs) throws Exception {
    this.data = data;
    Files.createDirectories(data);
    this.log = data.resolveSibling(data.getFileName() + ".serve.log");
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "--add-modules",
                "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx1g",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "serve",
                "--data",
                data.toString(),
                "--port",
                "0"));
    command.addAll(extraArgs);
    process =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(log.toFile())
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    String found = null;
    while (found == null) {
      String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
      Matcher m = SERVING.matcher(text);
      if (m.find()) found = m.group(1);
      else if (!process.isAlive() || System.nanoTime() > deadline)
        throw new AssertionError("grounded serve did not start:\n" + text);
      else Thread.sleep(100);
    }
    url = found;
  }

  /**
   * A new API key of the tenant, made by {@code grounded keys create} (before the server starts).
   */
  static String createKey(Path data, String tenant) throws Exception {
    return createKey(data, tenant, new String[0]);
  }

  /**
   * As {@link #createKey(Path, String)}, with more options of {@code grounded keys create} (limits
   * such as {@code --budget-usd-day 5}).
   */
  static synchronized String createKey(Path data, String tenant, String... options)
      throws Exception {
    PrintStream old = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      List<String> args =
          new ArrayList<>(
              List.of("keys", "create", "--tenant", tenant, "--data", data.toString(), "--json"));
      args.addAll(List.of(options));
      int code = Main.execute(args.toArray(String[]::new));
      if (code != 0) throw new AssertionError("keys create exited " + code);
    } finally {
      System.setOut(old);
    }
    return Cdp.JSON.readTree(out.toString(StandardCharsets.UTF_8)).get("key").asText();
  }

  /** A GET of the API with the key; the parsed JSON (fails on a status other than 200). */
  JsonNode get(String path, String key) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url + path))
                .header("Authorization", "Bearer " + key)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200)
      throw new AssertionError(path + " -> " + r.statusCode() + " " + r.body());
    return Cdp.JSON.readTree(r.body());
  }

  /** A POST of JSON to the API with the key; the parsed JSON (fails on a status other than 2xx). */
  JsonNode post(String path, String key, String json) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url + path))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2)
      throw new AssertionError(path + " -> " + r.statusCode() + " " + r.body());
    return Cdp.JSON.readTree(r.body());
  }

  /** Uploads one document with the key and waits for its ingest job ({@code wait}: a 201). */
  void upload(String key, String collection, String name, String text) throws Exception {
    String boundary = "b" + System.nanoTime();
    String body =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"wait\"\r\n\r\ntrue\r\n--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
            + name
            + "\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            + text
            + "\r\n--"
            + boundary
            + "--\r\n";
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(url + "/api/collections/" + collection + "/documents"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201)
      throw new AssertionError("upload of " + name + " -> " + r.statusCode() + " " + r.body());
  }

  String log() throws Exception {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS))
      process.destroyForcibly().waitFor();
  }
}
