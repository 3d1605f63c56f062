package dev.grounded.gateway.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * One immutable version of a named entry.
 *
 * @param tenant the tenant that owns it
 * @param kind prompt or model alias
 * @param name the entry's name
 * @param number 1, 2, … in creation order
 * @param body the definition (a prompt template, an alias), validated for its kind
 * @param note free text saying what changed (empty for none)
 * @param createdAt when it was created ({@link Instant#EPOCH} for a built-in not yet stored)
 */
public record Version(
    String tenant,
    Kind kind,
    String name,
    int number,
    ObjectNode body,
    String note,
    Instant createdAt) {
  public Version {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    body = Objects.requireNonNull(body, "body").deepCopy();
    Objects.requireNonNull(note, "note");
    Objects.requireNonNull(createdAt, "createdAt");
    if (number < 1) throw new IllegalArgumentException("number must be >= 1, not " + number);
  }

  @Override
  public ObjectNode body() {
    return body.deepCopy();
  }

  /** {@code name@number}, as responses and the audit log name it. */
  public String ref() {
    return name + "@" + number;
  }
}
