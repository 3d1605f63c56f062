package dev.grounded.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code grounded} launcher script, run on a copy of its tree whose jar is a manifest
 * pointing at this test's class path (so it does not build): stderr carries our lines only, not the
 * JVM's incubator-module warning.
 */
class LauncherTest {
  @TempDir Path tmp;
  Path root;

  record Run(int exit, String out, String err) {}

  @BeforeEach
  void copyTheLauncher() throws Exception {
    Path repo = Path.of("..").toAbsolutePath().normalize();
    assumeTrue(Files.isRegularFile(repo.resolve("grounded")), "no launcher at " + repo);
    assumeTrue(new File("/bin/bash").canExecute() && onPath("flock"), "needs bash and flock");
    root = Files.createDirectories(tmp.resolve("root"));
    Files.copy(repo.resolve("grounded"), root.resolve("grounded"));
    root.resolve("grounded").toFile().setExecutable(true);
    Files.createDirectories(root.resolve("scripts"));
    Files.copy(repo.resolve("scripts/jdk.sh"), root.resolve("scripts/jdk.sh"));
    Path target = Files.createDirectories(root.resolve("grounded-cli/target"));
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
    List<String> classPath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator))
      classPath.add(Path.of(entry).toAbsolutePath().toUri().toString());
    m.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", classPath));
    try (OutputStream out = Files.newOutputStream(target.resolve("grounded-cli.jar"));
        JarOutputStream jar = new JarOutputStream(out, m)) {
      // the manifest is all
    }
    Files.writeString(target.resolve(".grounded-build-stamp"), "");
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
      if (new File(dir, tool).canExecute()) return true;
    return false;
  }

  private Run grounded(String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(List.of("/bin/bash", root.resolve("grounded").toString()));
    command.addAll(List.of(args));
    Path out = tmp.resolve("out.txt"), err = tmp.resolve("err.txt");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("GROUNDED_HEAP", "256m");
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the launcher finishes").isTrue();
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void stderrHoldsOnlyGroundedsOwnLines() throws Exception {
    Run version = grounded("--version");
    assertThat(version.exit()).as(version.err()).isZero();
    assertThat(version.out()).startsWith("grounded ");
    assertThat(version.err()).isEmpty();

    Run bad = grounded("search", "--data", tmp.resolve("data").toString(), "-k", "0", "fox");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err().lines().toList())
        .containsExactly("grounded: error: -k must be between 1 and 1000, got 0");
  }
}
