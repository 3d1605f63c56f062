package dev.grounded.cli;

import static dev.grounded.cli.EvalCommand.REPORT_SCHEMA;
import static dev.grounded.cli.EvalCommand.write;

import dev.grounded.eval.code.CodeEvaluation;
import dev.grounded.eval.code.Problem;
import dev.grounded.eval.code.Sample;
import dev.grounded.eval.code.Sandbox;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    mixinStandardHelpOptions = true,
    name = "code",
    description = {
      "Run candidate programs against HumanEval-style problems and report pass@k (the unbiased"
          + " estimator).",
      "Each sample runs in a subprocess in a fresh temporary directory with a time and a memory"
          + " limit, an empty environment and no network (Linux: unshare, prlimit). Python runs"
          + " under python3, Java under this JDK's source launcher."
    })
final class EvalCodeCommand implements Callable<Integer> {
  @Option(
      names = "--problems",
      required = true,
      paramLabel = "FILE",
      description = "JSONL: task_id, prompt, entry_point, test, language (python|java).")
  Path problems;

  @Option(
      names = "--samples",
      required = true,
      paramLabel = "FILE",
      description = "JSONL: task_id, completion (any number per task).")
  Path samples;

  @Option(
      names = "--k",
      defaultValue = "1,10,100",
      split = ",",
      paramLabel = "K",
      description =
          "The k of pass@k (default: ${DEFAULT-VALUE}); a k above a task's samples skips it.")
  List<Integer> ks;

  @Option(
      names = "--timeout",
      defaultValue = "10",
      paramLabel = "SECONDS",
      description = "Wall-clock limit per sample (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(
      names = "--memory-mb",
      defaultValue = "512",
      description = "Memory limit per sample in MB (default: ${DEFAULT-VALUE}).")
  int memoryMb;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
  Path jsonFile;

  @Override
  public Integer call() throws Exception {
    if (timeoutSeconds < 1 || timeoutSeconds > 3600)
      throw Usage.error("timeout", "--timeout must be in 1..3600 seconds");
    if (memoryMb < 16) throw Usage.error("memory-mb", "--memory-mb must be >= 16");
    for (int k : ks) if (k < 1) throw Usage.error("k", "--k values must be >= 1");
    List<Problem> ps = CodeEvaluation.readProblems(problems);
    List<Sample> ss = CodeEvaluation.readSamples(samples);
    Sandbox.checkAvailable();
    String java = ProcessHandle.current().info().command().orElse("java");
    Sandbox sandbox =
        new Sandbox(Duration.ofSeconds(timeoutSeconds), (long) memoryMb << 20, "python3", java);
    List<CodeEvaluation.ProblemResult> results;
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      results =
          new CodeEvaluation(sandbox, executor, Runtime.getRuntime().availableProcessors())
              .run(ps, ss);
    }
    Map<String, Double> metrics = CodeEvaluation.passAtK(results, ks);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (var r : results) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("task_id", r.problem().taskId());
      row.put("samples", r.outcomes().size());
      row.put("passed", r.passed());
      List<Map<String, Object>> outcomes = new ArrayList<>();
      for (var o : r.outcomes())
        outcomes.add(
            Map.of(
                "status", o.status().name().toLowerCase(Locale.ROOT),
                "ms", o.millis(),
                "output", o.output()));
      row.put("outcomes", outcomes);
      rows.add(row);
      System.out.printf(
          Locale.ROOT,
          "%-30s %3d/%-3d passed%n",
          r.problem().taskId(),
          r.passed(),
          r.outcomes().size());
    }
    metrics.forEach((k, v) -> System.out.printf(Locale.ROOT, "%s %.4f%n", k, v));
    if (jsonFile != null) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("schema", REPORT_SCHEMA);
      out.put("kind", "code");
      out.put("metrics", metrics);
      out.put("problems", rows);
      write(jsonFile, out);
    }
    return 0;
  }
}
