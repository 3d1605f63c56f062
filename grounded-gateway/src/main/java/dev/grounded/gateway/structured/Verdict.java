package dev.grounded.gateway.structured;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grounded.guard.json.Fix;
import dev.grounded.guard.json.JsonRepair;
import dev.grounded.guard.json.SchemaValidator;
import dev.grounded.guard.json.SchemaValidator.Violation;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What one reply's text is worth against a {@link ResponseFormat}: the valid JSON to answer with
 * (the text itself, or its repair), or the violations to tell the model.
 *
 * @param json the JSON to answer with; empty when the reply is not valid even after repair
 * @param fixes what the repair mended; empty when the text was valid JSON as it came
 * @param violations why the reply is not valid; empty exactly when {@code json} is present
 */
record Verdict(Optional<String> json, Set<Fix> fixes, List<Violation> violations) {
  Verdict {
    fixes = Set.copyOf(fixes);
    violations = List.copyOf(violations);
  }

  boolean valid() {
    return violations.isEmpty();
  }

  /** Checks {@code text}: as it is when it is JSON, else its repair. */
  static Verdict of(String text, ResponseFormat format, SchemaValidator validator) {
    Optional<JsonRepair.Repaired> repaired = JsonRepair.repair(text);
    if (repaired.isEmpty())
      return new Verdict(
          Optional.empty(), Set.of(), List.of(new Violation("", "the reply is not JSON")));
    JsonNode value = repaired.get().value();
    List<Violation> violations;
    if (format.objectOnly())
      violations =
          value.isObject()
              ? List.of()
              : List.of(
                  new Violation(
                      "",
                      "a JSON object is required, found "
                          + value.getNodeType().name().toLowerCase(Locale.ROOT)));
    else violations = format.schema().map(s -> validator.validate(s, value)).orElse(List.of());
    return new Verdict(
        violations.isEmpty() ? Optional.of(repaired.get().json()) : Optional.empty(),
        repaired.get().fixes(),
        violations);
  }
}
