package dev.grounded.eval.code;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grounded.core.GroundedException;
import dev.grounded.eval.EvalFiles;
import dev.grounded.eval.stats.PassAtK;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Runs every sample of every problem in the sandbox and reports pass@k: for each problem with n
 * samples of which c pass, the unbiased estimate 1 - C(n-c, k)/C(n, k), averaged over the problems
 * that have at least k samples.
 */
public final class CodeEvaluation {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Sandbox sandbox;
  private final ExecutorService executor;
  private final Semaphore running;

  public CodeEvaluation(Sandbox sandbox, ExecutorService executor, int parallelism) {
    this.sandbox = sandbox;
    this.executor = executor;
    this.running = new Semaphore(Math.max(1, parallelism));
  }

  /** One problem's samples and how each ended. */
  public record ProblemResult(Problem problem, List<Sample> samples, List<Outcome> outcomes) {
    public int passed() {
      return (int) outcomes.stream().filter(Outcome::passed).count();
    }
  }

  public List<ProblemResult> run(List<Problem> problems, List<Sample> samples) {
    Map<String, List<Sample>> byTask = new LinkedHashMap<>();
    for (Problem p : problems) byTask.put(p.taskId(), new ArrayList<>());
    for (Sample s : samples) {
      List<Sample> list = byTask.get(s.taskId());
      if (list == null)
        throw GroundedException.invalid(
            "samples", "a sample names unknown task '" + s.taskId() + "'");
      list.add(s);
    }
    List<List<Future<Outcome>>> futures = new ArrayList<>();
    for (Problem p : problems) {
      List<Future<Outcome>> fs = new ArrayList<>();
      for (Sample s : byTask.get(p.taskId()))
        fs.add(
            executor.submit(
                () -> {
                  running.acquire();
                  try {
                    return sandbox.run(p, s);
                  } finally {
                    running.release();
                  }
                }));
      futures.add(fs);
    }
    List<ProblemResult> out = new ArrayList<>();
    try {
      for (int i = 0; i < problems.size(); i++) {
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> f : futures.get(i)) outcomes.add(f.get());
        Problem p = problems.get(i);
        out.add(new ProblemResult(p, byTask.get(p.taskId()), outcomes));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) throw re;
      throw new IllegalStateException(e.getCause());
    }
    return out;
  }

  /** pass@k for each k, over the problems with at least k samples (absent when none has). */
  public static Map<String, Double> passAtK(List<ProblemResult> results, List<Integer> ks) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int k : ks) {
      double sum = 0;
      int counted = 0;
      for (ProblemResult r : results) {
        int n = r.outcomes().size();
        if (n < k) continue;
        sum += PassAtK.estimate(n, r.passed(), k);
        counted++;
      }
      if (counted > 0) m.put("pass@" + k, sum / counted);
    }
    return m;
  }

  /** HumanEval problems, JSONL: task_id, prompt, entry_point, test, language (default python). */
  public static List<Problem> readProblems(Path file) {
    List<Problem> out = new ArrayList<>();
    EvalFiles.forEachJsonLine(
        file,
        EvalFiles.read(file, "problems"),
        "problems",
        (node, line) -> {
          try {
            out.add(
                new Problem(
                    text(node, "task_id", file, line, "problems"),
                    node.path("language").asText("python"),
                    text(node, "prompt", file, line, "problems"),
                    node.path("entry_point").asText(null),
                    text(node, "test", file, line, "problems")));
          } catch (IllegalArgumentException e) {
            throw GroundedException.invalid("problems", file + ":" + line + ": " + e.getMessage());
          }
        });
    if (out.isEmpty()) throw GroundedException.invalid("problems", file + ": no problems");
    return out;
  }

  /** Samples, JSONL: task_id, completion. */
  public static List<Sample> readSamples(Path file) {
    List<Sample> out = new ArrayList<>();
    EvalFiles.forEachJsonLine(
        file,
        EvalFiles.read(file, "samples"),
        "samples",
        (node, line) ->
            out.add(
                new Sample(
                    text(node, "task_id", file, line, "samples"),
                    node.path("completion").isTextual()
                        ? node.path("completion").asText()
                        : text(node, "completion", file, line, "samples"))));
    if (out.isEmpty()) throw GroundedException.invalid("samples", file + ": no samples");
    return out;
  }

  private static String text(JsonNode node, String field, Path file, int line, String param) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual())
      throw GroundedException.invalid(param, file + ":" + line + ": \"" + field + "\" is missing");
    return v.asText();
  }
}
