package dev.grounded.eval.code;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs one program in a subprocess: a fresh temporary directory as its working directory and {@code
 * HOME}, an environment holding only {@code PATH} and {@code HOME}, no network (a new network
 * namespace by {@code unshare -rn}: only an unconfigured loopback), an address-space limit ({@code
 * prlimit --as}; the JVM gets {@code -Xmx} instead, since it reserves far more address space than
 * it uses), and a wall-clock limit after which the process tree is killed. The directory is deleted
 * afterwards. Thread-safe: every run has its own directory.
 */
public final class Sandbox {
  private static final int OUTPUT_KEPT = 2000;

  private final Duration timeout;
  private final long memoryBytes;
  private final String python;
  private final String java;

  /**
   * @param python the Python 3 interpreter
   * @param java the {@code java} launcher of a JDK >= 22 (multi-file source programs)
   */
  public Sandbox(Duration timeout, long memoryBytes, String python, String java) {
    this.timeout = timeout;
    this.memoryBytes = memoryBytes;
    this.python = python;
    this.java = java;
  }

  /** Fails with a clear error when this machine cannot fence a program off the network. */
  public static void checkAvailable() {
    try {
      Process p = new ProcessBuilder("unshare", "-rn", "true").redirectErrorStream(true).start();
      boolean done = p.waitFor(10, TimeUnit.SECONDS);
      if (done && p.exitValue() == 0) return;
      p.destroyForcibly();
    } catch (IOException e) {
      // not installed
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new GroundedException(
        ErrorCode.INVALID_REQUEST,
        "cannot sandbox code: 'unshare -rn' (util-linux, user namespaces) is needed to run"
            + " candidate programs without network");
  }

  public Outcome run(Problem problem, Sample sample) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("grounded-code-");
      List<String> command = new ArrayList<>(List.of("unshare", "-rn"));
      if (problem.language().equals("python")) {
        Files.writeString(
            dir.resolve("program.py"),
            problem.prompt()
                + sample.completion()
                + "\n\n"
                + problem.test()
                + "\n\ncheck("
                + problem.entryPoint()
                + ")\n");
        command.addAll(List.of("prlimit", "--as=" + memoryBytes, "--", python, "-I", "program.py"));
      } else {
        Files.writeString(
            dir.resolve("Solution.java"), problem.prompt() + sample.completion() + "\n");
        Files.writeString(dir.resolve("Main.java"), problem.test());
        command.addAll(
            List.of(
                java,
                "-Xmx" + Math.max(16, memoryBytes >> 20) + "m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "Main.java"));
      }
      ProcessBuilder pb =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
      Map<String, String> env = pb.environment();
      String path = env.getOrDefault("PATH", "/usr/bin:/bin");
      env.clear();
      env.put("PATH", path);
      env.put("HOME", dir.toString());
      env.put("LANG", "C.UTF-8");
      long start = System.nanoTime();
      Process p = pb.start();
      p.getOutputStream().close();
      // read output on the side so a chatty program cannot block on a full pipe
      StringBuilder out = new StringBuilder();
      Thread reader =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (var in = p.getInputStream()) {
                      byte[] buf = new byte[8192];
                      int n;
                      while ((n = in.read(buf)) > 0)
                        synchronized (out) {
                          if (out.length() < OUTPUT_KEPT)
                            out.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                        }
                    } catch (IOException e) {
                      // the process was killed
                    }
                  });
      boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
      reader.join(2000);
      long millis = (System.nanoTime() - start) / 1_000_000;
      String output;
      synchronized (out) {
        output = out.length() > OUTPUT_KEPT ? out.substring(0, OUTPUT_KEPT) : out.toString();
      }
      if (!finished) return new Outcome(Outcome.Status.TIMED_OUT, millis, output);
      if (p.exitValue() == 0) return new Outcome(Outcome.Status.PASSED, millis, output);
      boolean oom =
          output.contains("MemoryError")
              || output.contains("OutOfMemoryError")
              || p.exitValue() == 137;
      return new Outcome(
          oom ? Outcome.Status.OUT_OF_MEMORY : Outcome.Status.FAILED, millis, output);
    } catch (IOException e) {
      throw new GroundedException(
          ErrorCode.INTERNAL, "cannot run a sample: " + e.getMessage(), null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GroundedException(ErrorCode.INTERNAL, "interrupted", null, e);
    } finally {
      if (dir != null) deleteTree(dir);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException e) {
      // best effort: a temp directory left behind
    }
  }
}
