package dev.grounded.gateway.structured;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.chain.Usage;
import dev.grounded.guard.json.SchemaValidator.Violation;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A reply that does not match the request's {@code response_format}, even repaired: thrown by
 * {@link OutputCheckInterceptor} so that {@link StructuredOutputInterceptor} may ask again (the
 * chain lets a stage call on only after a failure), and, after the last re-ask, the caller's error:
 * {@code upstream_error} (502) naming the violations.
 */
final class InvalidOutput extends GroundedException {
  private static final long serialVersionUID = 1L;

  /** Violations named in a message at most; a schema-less model can break hundreds at once. */
  static final int MAX_NAMED = 10;

  private final String reply;
  private final transient List<Violation> violations;
  private final transient Usage usage;

  InvalidOutput(String reply, List<Violation> violations, Usage usage, int attempts) {
    super(
        ErrorCode.UPSTREAM_ERROR,
        "the model's reply does not match response_format after "
            + attempts
            + (attempts == 1 ? " attempt: " : " attempts: ")
            + describe(violations),
        ResponseFormat.PARAM,
        null);
    this.reply = reply;
    this.violations = List.copyOf(violations);
    this.usage = usage;
  }

  /** The same failure counted as the last of {@code attempts}. */
  InvalidOutput after(int attempts, Usage spent) {
    return new InvalidOutput(reply, violations, spent, attempts);
  }

  /** The reply's text as the model wrote it. */
  String reply() {
    return reply;
  }

  List<Violation> violations() {
    return violations;
  }

  /** The tokens the failed call used. */
  Usage usage() {
    return usage;
  }

  static String describe(List<Violation> violations) {
    String named =
        violations.stream()
            .limit(MAX_NAMED)
            .map(Violation::toString)
            .collect(Collectors.joining("; "));
    return violations.size() > MAX_NAMED
        ? named + "; and " + (violations.size() - MAX_NAMED) + " more"
        : named;
  }
}
