package dev.grounded.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** One run of the installed launcher as a child process, stdout and stderr captured to files. */
final class Launch implements AutoCloseable {
  private final Process process;
  private final Path out;
  private final Path err;

  private Launch(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /**
   * Starts {@code command} in {@code workDir} with the environment {@code env} adjusts; output goes
   * to {@code logs/NAME.out} and {@code logs/NAME.err}.
   */
  static Launch start(
      List<String> command, Path workDir, Consumer<Map<String, String>> env, Path logs, String name)
      throws IOException {
    Objects.requireNonNull(command, "command");
    Files.createDirectories(logs);
    Path out = logs.resolve(name + ".out");
    Path err = logs.resolve(name + ".err");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    env.accept(pb.environment());
    return new Launch(pb.start(), out, err);
  }

  /**
   * Waits for the exit, at most {@code minutes}; a process still running then is killed and fails
   * the test.
   */
  int exitCode(long minutes) throws IOException, InterruptedException {
    if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("still running after " + minutes + " min\n" + output());
    }
    return process.exitValue();
  }

  /** Sends SIGTERM (what {@code kill}, systemd and {@code docker stop} send). */
  void terminate() {
    process.destroy();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String stdout() throws IOException {
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  String stderr() throws IOException {
    return Files.readString(err, StandardCharsets.UTF_8);
  }

  /** Both streams, for failure messages. */
  String output() throws IOException {
    return "--- stdout ---\n" + stdout() + "\n--- stderr ---\n" + stderr();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
