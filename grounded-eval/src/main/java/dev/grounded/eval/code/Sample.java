package dev.grounded.eval.code;

import java.util.Objects;

/** A candidate completion of a problem's prompt. */
public record Sample(String taskId, String completion) {
  public Sample {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(completion, "completion");
  }
}
