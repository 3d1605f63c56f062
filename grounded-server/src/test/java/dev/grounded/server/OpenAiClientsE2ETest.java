package dev.grounded.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs real client libraries against a real server: the official {@code openai} npm SDK ({@code
 * src/test/js/openai-sdk.mjs}) and LangChain JS's {@code ChatOpenAI} ({@code
 * src/test/js/langchain.mjs}), pinned by {@code src/test/js/package-lock.json}. Skipped when node
 * or npm is missing, or when npm cannot reach its registry to install the pinned packages.
 */
class OpenAiClientsE2ETest {
  static final Path JS =
      Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("src/test/js");
  static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
  static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);
  static final String COLLECTION = "kettles";
  static final String QUESTION = "How long does the Zephyrine K7 take to boil a litre of water?";
  static final String EXPECTED = "4 minutes and 12 seconds";
  static final String SOURCE =
      """
      The Zephyrine K7 Solar Kettle

      The Zephyrine K7 is a solar-powered travel kettle made by Aldermoor Outdoor Works in the \
      coastal town of Penwyth. Its folding copper reflector collects sunlight and focuses it \
      onto a blackened steel vessel that holds exactly one litre.

      In full midday sun, the Zephyrine K7 boils one litre of water in 4 minutes and 12 \
      seconds. Under light cloud the same litre takes about nine minutes, and the kettle \
      cannot reach a boil on an overcast day.

      The kettle weighs 1.3 kilograms and packs flat into a canvas sleeve. Aldermoor Outdoor \
      Works offers a seven-year warranty on the reflector and a two-year warranty on the \
      vessel. Replacement reflectors are sold in the company's shop in Penwyth.
      """;
  static final List<String> EMBED_TEXTS =
      List.of(
          "The Zephyrine K7 boils a litre of water with sunlight.",
          "Aldermoor Outdoor Works is based in Penwyth.");
  private static final Pattern NETWORK_ERROR =
      Pattern.compile(
          "ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH"
              + "|network request|request to https?://\\S+ failed|socket hang up"
              + "|E407|EPROXY|ESOCKETTIMEDOUT|ERR_SOCKET_TIMEOUT|EPROTO"
              + "|self[- ]signed certificate|unable to get local issuer certificate");

  static Path work;
  static TestServer server;
  static String key;
  static Run openAiRun;

  /** Why the client libraries cannot run here (no node, no npm, no registry), or null. */
  static String unavailable;

  @BeforeAll
  static void installClientsAndStartServer() throws Exception {
    unavailable = installClients();
    if (unavailable != null) {
      System.out.println("OpenAiClientsE2ETest skipped: " + unavailable);
      return;
    }
    work = TestServer.temp("grounded-openai-clients");
    Files.writeString(work.resolve("kettle.txt"), SOURCE);
    server = new TestServer(Files.createDirectory(work.resolve("data")));
    key = server.keys.create("acme", "openai clients").secret();
    server.seed(key, COLLECTION, "kettle.txt", SOURCE);
  }

  /** Skips each test with the reason (a class-level abort would hide it from the reports). */
  @BeforeEach
  void requireClients() {
    assumeTrue(unavailable == null, () -> unavailable);
  }

  @AfterAll
  static void stopServer() {
    if (server != null) server.close();
  }

  @Test
  void theOpenAiSdkListsModelsChatsStreamsEmbedsAndRaisesTypedErrors() {
    openAi().assertSucceeded();
  }

  @Test
  void embeddingsDecodedByTheOpenAiSdkAreTheVectorsOfTheInProcessModel() {
    JsonNode printed = openAi().embeddings();
    List<String> texts = new ArrayList<>();
    printed.get("texts").forEach(t -> texts.add(t.asText()));
    assertThat(texts).isEqualTo(EMBED_TEXTS);
    List<float[]> batch = TestServer.embedder().embed(EMBED_TEXTS);
    for (String format : List.of("float", "base64")) {
      JsonNode vectors = printed.get(format);
      assertThat(vectors).as(format + " embeddings printed by the script").isNotNull();
      assertThat(vectors.size()).isEqualTo(2);
      for (int i = 0; i < 2; i++) {
        float[] got = floats(vectors.get(i));
        assertThat(got).as("%s embedding %d length", format, i).hasSameSizeAs(batch.get(i));
        assertThat(cosine(got, batch.get(i)))
            .as("%s embedding %d cosine", format, i)
            .isGreaterThanOrEqualTo(0.999);
      }
    }
    JsonNode single = printed.get("single");
    assertThat(single).as("single-input embedding printed by the script").isNotNull();
    // what `grounded embed TEXT` prints: the model's vector for the one text
    float[] expected = TestServer.embedder().embed(List.of(EMBED_TEXTS.get(0))).get(0);
    assertThat(floats(single)).isEqualTo(expected);
  }

  @Test
  void langChainChatOpenAiInvokesAndStreamsARagModel() {
    run("langchain.mjs").assertSucceeded();
  }

  // --- the scripts

  static synchronized Run openAi() {
    if (openAiRun == null) openAiRun = run("openai-sdk.mjs");
    return openAiRun;
  }

  static Run run(String script) {
    Path source = work.resolve("kettle.txt");
    Map<String, String> env =
        Map.of(
            "GROUNDED_BASE_URL",
            server.url("/v1"),
            "GROUNDED_API_KEY",
            key,
            "GROUNDED_COLLECTION",
            COLLECTION,
            "GROUNDED_QUESTION",
            QUESTION,
            "GROUNDED_EXPECTED",
            EXPECTED,
            "GROUNDED_SOURCE_FILE",
            source.toString(),
            "GROUNDED_EMBED_TEXTS",
            Json.string(EMBED_TEXTS),
            "GROUNDED_EMBEDDING_MODEL",
            TestServer.EMBEDDING_MODEL);
    Run r = exec(List.of("node", script), env, SCRIPT_TIMEOUT, script);
    // the checks that ran, for the test report; the vectors are compared, not shown
    r.stdout().lines().filter(l -> !l.startsWith("EMBEDDINGS ")).forEach(System.out::println);
    System.out.print(r.stderr());
    if (r.timedOut()) fail(script + " did not finish within " + SCRIPT_TIMEOUT + "\n" + r.output());
    return r;
  }

  /** A finished (or timed-out) process with its captured output. */
  record Run(String name, int exitCode, boolean timedOut, String stdout, String stderr) {
    String output() {
      return "--- " + name + " stdout:\n" + stdout + "\n--- " + name + " stderr:\n" + stderr;
    }

    void assertSucceeded() {
      if (timedOut || exitCode != 0)
        fail(name + (timedOut ? " timed out" : " exited with " + exitCode) + "\n" + output());
    }

    /** The {@code EMBEDDINGS <json>} line the openai script prints. */
    JsonNode embeddings() {
      String line =
          stdout
              .lines()
              .filter(l -> l.startsWith("EMBEDDINGS "))
              .reduce((a, b) -> b)
              .orElseThrow(() -> new AssertionError("no EMBEDDINGS line\n" + output()));
      try {
        return Json.MAPPER.readTree(line.substring("EMBEDDINGS ".length()));
      } catch (IOException e) {
        throw new AssertionError("the EMBEDDINGS line is not JSON\n" + output(), e);
      }
    }
  }

  // --- installing the pinned packages

  /**
   * Installs the pinned packages unless node_modules is newer than package-lock.json. Returns why
   * the clients cannot run (node or npm missing, registry unreachable), or null when they can;
   * fails on any other npm error.
   */
  static String installClients() throws IOException {
    return installPinned(JS, "openai/LangChain packages", "ci");
  }

  /**
   * Installs the packages pinned by {@code dir}'s package-lock.json with {@code npm <command>}
   * unless node_modules is newer than the lock. Returns why they cannot be installed (node or npm
   * missing, registry unreachable), or null when they are; fails on any other npm error.
   */
  static String installPinned(Path dir, String what, String command) throws IOException {
    if (!onPath("node")) return "node is not on PATH";
    if (!onPath("npm")) return "npm is not on PATH";
    Path lock = dir.resolve("package-lock.json");
    assertThat(lock).as("the pinned " + what).exists();
    Path installed = dir.resolve("node_modules/.package-lock.json");
    if (Files.exists(installed)
        && !modified(installed).toInstant().isBefore(modified(lock).toInstant())) return null;
    Run ci =
        exec(
            dir,
            npm(
                command,
                "--no-audit",
                "--no-fund",
                "--fetch-retries=2",
                "--fetch-retry-mintimeout=2000",
                "--fetch-retry-maxtimeout=10000"),
            Map.of(),
            INSTALL_TIMEOUT,
            "npm " + command);
    if (ci.exitCode() == 0 && !ci.timedOut()) return null;
    String out = ci.stdout() + "\n" + ci.stderr();
    if (NETWORK_ERROR.matcher(out).find() || (ci.timedOut() && !registryReachable()))
      return "npm cannot reach its registry to install the pinned " + what + "\n" + ci.output();
    return fail(
        (ci.timedOut()
                ? "npm " + command + " timed out after " + INSTALL_TIMEOUT
                : "npm " + command + " failed")
            + " in "
            + dir
            + "\n"
            + ci.output());
  }

  static boolean registryReachable() {
    Run ping = exec(npm("ping"), Map.of(), Duration.ofSeconds(60), "npm ping");
    return !ping.timedOut() && ping.exitCode() == 0;
  }

  static List<String> npm(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(isWindows() ? "npm.cmd" : "npm");
    cmd.addAll(List.of(args));
    return cmd;
  }

  static boolean onPath(String tool) {
    List<String> cmd = List.of(isWindows() && tool.equals("npm") ? "npm.cmd" : tool, "--version");
    try {
      Run r = exec(cmd, Map.of(), Duration.ofSeconds(60), tool + " --version");
      return !r.timedOut() && r.exitCode() == 0;
    } catch (UncheckedIOException e) {
      return false;
    }
  }

  static boolean isWindows() {
    return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win");
  }

  /**
   * Runs a command in {@link #JS} with output captured to files (no pipe can fill up), a clean
   * environment for the client libraries, and a time limit.
   */
  static Run exec(List<String> command, Map<String, String> env, Duration timeout, String name) {
    return exec(JS, command, env, timeout, name);
  }

  /** {@link #exec(List, Map, Duration, String)} in another directory. */
  static Run exec(
      Path dir, List<String> command, Map<String, String> env, Duration timeout, String name) {
    try {
      Path out = Files.createTempFile("grounded-e2e-", ".out");
      Path err = Files.createTempFile("grounded-e2e-", ".err");
      try {
        ProcessBuilder pb =
            new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        // no ambient OpenAI/LangChain settings (keys, base URLs, tracing) may leak into the run
        pb.environment()
            .keySet()
            .removeIf(
                k ->
                    k.startsWith("OPENAI_")
                        || k.startsWith("LANGCHAIN_")
                        || k.startsWith("LANGSMITH_")
                        || k.startsWith("GROUNDED_")
                        || k.startsWith("PROMPTFOO_"));
        pb.environment().put("NO_COLOR", "1");
        pb.environment().putAll(env);
        Process p;
        try {
          p = pb.start();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot start " + command, e);
        }
        p.getOutputStream().close();
        boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!done) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly();
          p.waitFor(10, TimeUnit.SECONDS);
        }
        return new Run(
            name,
            done ? p.exitValue() : -1,
            !done,
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + name, e);
    }
  }

  private static FileTime modified(Path p) throws IOException {
    return Files.getLastModifiedTime(p);
  }

  // --- vectors

  static float[] floats(JsonNode array) {
    float[] v = new float[array.size()];
    for (int i = 0; i < v.length; i++) v[i] = (float) array.get(i).doubleValue();
    return v;
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }
}
