package dev.grounded.eval.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SandboxTest {
  static String python;
  static String javaLauncher = ProcessHandle.current().info().command().orElse("java");

  @BeforeAll
  static void interpreters() throws Exception {
    try {
      Process p = new ProcessBuilder("python3", "-c", "import sys; print(sys.executable)").start();
      assumeTrue(p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0, "no python3");
      python = new String(p.getInputStream().readAllBytes()).strip();
    } catch (IOException e) {
      assumeTrue(false, "no python3: " + e.getMessage());
    }
    try {
      Sandbox.checkAvailable();
    } catch (RuntimeException e) {
      assumeTrue(false, e.getMessage());
    }
  }

  static final Problem ADD =
      new Problem(
          "add",
          "python",
          "def add(a, b):\n    \"\"\"Return a + b.\"\"\"\n",
          "add",
          "def check(f):\n    assert f(1, 2) == 3\n    assert f(-1, 1) == 0\n");

  Sandbox sandbox() {
    return new Sandbox(Duration.ofSeconds(5), 256L << 20, python, javaLauncher);
  }

  @Test
  void aCorrectCompletionPassesAndAWrongOneFails() {
    assertThat(sandbox().run(ADD, new Sample("add", "    return a + b\n")).status())
        .isEqualTo(Outcome.Status.PASSED);
    Outcome wrong = sandbox().run(ADD, new Sample("add", "    return a - b\n"));
    assertThat(wrong.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(wrong.output()).contains("AssertionError");
  }

  @Test
  void anEndlessLoopIsKilledAtTheTimeLimit() {
    Sandbox quick = new Sandbox(Duration.ofSeconds(2), 256L << 20, python, javaLauncher);
    Outcome o = quick.run(ADD, new Sample("add", "    while True:\n        pass\n"));
    assertThat(o.status()).isEqualTo(Outcome.Status.TIMED_OUT);
    assertThat(o.millis()).isBetween(1_900L, 15_000L);
  }

  @Test
  void aProgramOverTheMemoryLimitFailsForMemory() {
    Outcome o =
        sandbox()
            .run(
                ADD,
                new Sample("add", "    x = bytearray(1024 * 1024 * 1024)\n    return a + b\n"));
    assertThat(o.status()).isEqualTo(Outcome.Status.OUT_OF_MEMORY);
  }

  @Test
  void theNetworkIsUnreachableEvenOnLoopback() throws Exception {
    try (ServerSocket listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      AtomicInteger accepted = new AtomicInteger();
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  listening.accept().close();
                  accepted.incrementAndGet();
                } catch (IOException e) {
                  // closed at the end of the test
                }
              });
      String connect =
          "    import socket\n"
              + "    socket.create_connection(('127.0.0.1', "
              + listening.getLocalPort()
              + "), timeout=2).close()\n"
              + "    return a + b\n";
      Outcome o = sandbox().run(ADD, new Sample("add", connect));
      assertThat(o.status()).as(o.output()).isEqualTo(Outcome.Status.FAILED);
      assertThat(o.output())
          .containsAnyOf("ConnectionRefusedError", "OSError", "Network is unreachable");
      assertThat(accepted.get()).isZero();
    }
  }

  @Test
  void theProgramRunsInATemporaryDirectoryWithAnEmptyEnvironmentRemovedAfterwards() {
    String spy =
        "    import os, sys\n"
            + "    print('CWD=' + os.getcwd())\n"
            + "    print('ENV=' + ','.join(sorted(os.environ)))\n"
            + "    sys.stdout.flush()\n"
            + "    return a + b\n";
    Outcome o = sandbox().run(ADD, new Sample("add", spy));
    assertThat(o.status()).isEqualTo(Outcome.Status.PASSED);
    String cwd =
        o.output().lines().filter(l -> l.startsWith("CWD=")).findFirst().orElseThrow().substring(4);
    assertThat(cwd).contains("grounded-code-");
    assertThat(Files.exists(Path.of(cwd))).isFalse();
    String env = o.output().lines().filter(l -> l.startsWith("ENV=")).findFirst().orElseThrow();
    assertThat(env).doesNotContain("JAVA_HOME").doesNotContain("OPENAI");
  }

  @Test
  void javaProblemsRunWithTheJdkSourceLauncher() {
    Problem max =
        new Problem(
            "max",
            "java",
            "public class Solution {\n  public static int max(int a, int b) {\n",
            null,
            "public class Main {\n  public static void main(String[] args) {\n"
                + "    if (Solution.max(2, 3) != 3 || Solution.max(5, -1) != 5) throw new AssertionError(\"wrong\");\n"
                + "  }\n}\n");
    Sandbox s = new Sandbox(Duration.ofSeconds(60), 256L << 20, python, javaLauncher);
    assertThat(s.run(max, new Sample("max", "    return Math.max(a, b);\n  }\n}\n")).status())
        .isEqualTo(Outcome.Status.PASSED);
    Outcome wrong = s.run(max, new Sample("max", "    return a;\n  }\n}\n"));
    assertThat(wrong.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(wrong.output()).contains("AssertionError");
  }

  @Test
  void passAtKUsesTheUnbiasedEstimatorPerProblem() {
    Problem sub =
        new Problem(
            "sub", "python", "def sub(a, b):\n", "sub", "def check(f):\n    assert f(3, 1) == 2\n");
    List<Sample> samples =
        List.of(
            new Sample("add", "    return a + b\n"),
            new Sample("add", "    return a - b\n"),
            new Sample("add", "    return b + a\n"),
            new Sample("add", "    return 0\n"),
            new Sample("sub", "    return a - b\n"),
            new Sample("sub", "    return b - a\n"),
            new Sample("sub", "    return a + b\n"),
            new Sample("sub", "    return 1\n"));
    try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
      var results = new CodeEvaluation(sandbox(), executor, 4).run(List.of(ADD, sub), samples);
      assertThat(results.get(0).passed()).isEqualTo(2);
      assertThat(results.get(1).passed()).isEqualTo(1);
      Map<String, Double> p = CodeEvaluation.passAtK(results, List.of(1, 2, 10));
      // add: n=4 c=2 -> pass@1 0.5, pass@2 1 - C(2,2)/C(4,2) = 5/6; sub: n=4 c=1 -> 0.25, 0.5
      assertThat(p.get("pass@1")).isCloseTo((0.5 + 0.25) / 2, within(1e-12));
      assertThat(p.get("pass@2")).isCloseTo((5 / 6.0 + 0.5) / 2, within(1e-12));
      assertThat(p).doesNotContainKey("pass@10");
    }
  }
}
