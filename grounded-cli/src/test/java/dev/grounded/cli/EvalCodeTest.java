package dev.grounded.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grounded.eval.code.Sandbox;
import dev.grounded.eval.gate.ReportSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalCodeTest {
  @TempDir Path tmp;

  @Test
  void reportsPassAtKOfSandboxedSamples() throws Exception {
    try {
      Sandbox.checkAvailable();
      assumeTrue(new ProcessBuilder("python3", "--version").start().waitFor() == 0, "no python3");
    } catch (Exception e) {
      assumeTrue(false, "cannot sandbox here: " + e.getMessage());
    }
    Path problems =
        Files.writeString(
            tmp.resolve("problems.jsonl"),
            "{\"task_id\":\"t/0\",\"prompt\":\"def inc(x):\\n\",\"entry_point\":\"inc\","
                + "\"test\":\"def check(f):\\n    assert f(1) == 2\\n\"}\n");
    Path samples =
        Files.writeString(
            tmp.resolve("samples.jsonl"),
            "{\"task_id\":\"t/0\",\"completion\":\"    return x + 1\\n\"}\n"
                + "{\"task_id\":\"t/0\",\"completion\":\"    return x\\n\"}\n");
    Path out = tmp.resolve("code.json");
    Cli r =
        Cli.run(
            "eval",
            "code",
            "--problems",
            problems.toString(),
            "--samples",
            samples.toString(),
            "--k",
            "1,2",
            "--json",
            out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("t/0")
        .contains("1/2")
        .contains("pass@1 0.5000")
        .contains("pass@2 1.0000");
    JsonNode report = Json.MAPPER.readTree(out.toFile());
    assertThat(ReportSchema.violations(report)).as("report schema").isEmpty();
    assertThat(report.get("kind").asText()).isEqualTo("code");
    assertThat(report.get("problems").get(0).get("outcomes").get(1).get("status").asText())
        .isEqualTo("failed");

    Path orphan =
        Files.writeString(
            tmp.resolve("orphan.jsonl"), "{\"task_id\":\"nope\",\"completion\":\"x\"}\n");
    Cli bad =
        Cli.run("eval", "code", "--problems", problems.toString(), "--samples", orphan.toString());
    assertThat(bad.exit()).isNotZero();
    assertThat(bad.errLines()).singleElement().asString().contains("unknown task 'nope'");
  }
}
