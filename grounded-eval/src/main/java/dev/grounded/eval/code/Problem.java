package dev.grounded.eval.code;

import java.util.Objects;

/**
 * A HumanEval-style problem. Python: the program run is {@code prompt + completion + "\n" + test +
 * "\ncheck(" + entryPoint + ")\n"}. Java: {@code prompt + completion} is {@code Solution.java} and
 * {@code test} is {@code Main.java}, whose {@code main} must throw (or exit non-zero) on failure.
 */
public record Problem(
    String taskId, String language, String prompt, String entryPoint, String test) {
  public Problem {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(test, "test");
    if (!language.equals("python") && !language.equals("java"))
      throw new IllegalArgumentException(
          "task " + taskId + ": language must be python or java, not '" + language + "'");
    if (language.equals("python") && (entryPoint == null || entryPoint.isBlank()))
      throw new IllegalArgumentException("task " + taskId + ": a Python problem needs entry_point");
  }
}
