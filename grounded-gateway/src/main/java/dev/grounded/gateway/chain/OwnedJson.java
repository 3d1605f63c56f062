package dev.grounded.gateway.chain;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request's or completion's own deep copy of its JSON, made once when the record is built from a
 * node it does not own. Only {@link ChatRequest} and {@link ChatResponse.Completion} create and
 * hold these, and they never hand one out (their accessors return copies), so the copies the chain
 * makes of a record ({@code withTargets}, {@code withDeadline}) can share it instead of copying the
 * whole JSON again at every stage.
 */
final class OwnedJson extends ObjectNode {
  private OwnedJson() {
    super(JsonNodeFactory.instance);
  }

  /** {@code source} if it is already owned, else a deep copy of it. */
  static OwnedJson of(ObjectNode source) {
    return source instanceof OwnedJson o ? o : copy(source);
  }

  /** A new deep copy, to be changed before it is handed to a record. */
  static OwnedJson copy(ObjectNode source) {
    OwnedJson copy = new OwnedJson();
    source.properties().forEach(e -> copy.set(e.getKey(), e.getValue().deepCopy()));
    return copy;
  }
}
