package dev.grounded.audit.drift;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** A metric of a collection that moved beyond its band: today's value against the baseline. */
public record DriftAlert(
    String day,
    String tenant,
    String collection,
    String metric,
    double value,
    double baseline,
    double band,
    Instant at) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public String message() {
    return String.format(
        java.util.Locale.ROOT,
        "drift: %s of %s/%s is %.3f on %s, baseline %.3f (band ±%.3f)",
        metric,
        tenant,
        collection,
        value,
        day,
        baseline,
        band);
  }

  public ObjectNode json() {
    ObjectNode o = JSON.createObjectNode();
    o.put("object", "drift.alert");
    o.put("day", day);
    o.put("tenant", tenant);
    o.put("collection", collection);
    o.put("metric", metric);
    o.put("value", value);
    o.put("baseline", baseline);
    o.put("band", band);
    o.put("at", at.toString());
    o.put("message", message());
    return o;
  }
}
