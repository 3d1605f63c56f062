package dev.grounded.eval.code;

/** How a run of one sample ended, with the start of its output for the report. */
public record Outcome(Status status, long millis, String output) {
  public enum Status {
    PASSED,
    FAILED,
    TIMED_OUT,
    /** Killed for memory, or failed with an out-of-memory error. */
    OUT_OF_MEMORY
  }

  public boolean passed() {
    return status == Status.PASSED;
  }
}
