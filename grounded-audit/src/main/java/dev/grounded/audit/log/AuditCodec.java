package dev.grounded.audit.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A record as the JSON text the log stores and hashes. Fields are written in one fixed order, so a
 * record always has the same text; the stored text, not a re-encoding, is what the chain hashes, so
 * a reader never has to reproduce it byte for byte.
 */
public final class AuditCodec {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AuditCodec() {}

  public static ObjectNode toJson(AuditRecord r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("at", r.at().toString());
    o.put("kind", r.kind());
    o.put("tenant", r.tenant());
    o.put("key_id", r.keyId());
    o.put("user", r.user());
    o.put("route", r.route());
    o.put("prompt", r.prompt());
    o.put("model", r.model());
    o.put("upstream", r.upstream());
    ArrayNode sources = o.putArray("sources");
    for (AuditRecord.Source s : r.sources()) {
      ObjectNode n = sources.addObject();
      n.put("collection", s.collection());
      n.put("document_id", s.documentId());
      n.put("version", s.version());
      n.put("content_hash", s.contentHash());
      n.put("chunk", s.chunk());
      n.put("start", s.start());
      n.put("end", s.end());
    }
    ArrayNode findings = o.putArray("findings");
    r.findings().forEach(findings::add);
    o.put("cached", r.cached());
    o.put("tokens_in", r.tokensIn());
    o.put("tokens_out", r.tokensOut());
    o.put("cost_micros", r.costMicros());
    o.put("outcome", r.outcome());
    o.put("request_id", r.requestId());
    o.put("input_hash", r.inputHash());
    o.put("output_hash", r.outputHash());
    return o;
  }

  public static String encode(AuditRecord r) {
    return toJson(r).toString();
  }

  /** The record in {@code body}; throws {@link IllegalArgumentException} when it is not one. */
  public static AuditRecord decode(String body) {
    JsonNode o;
    try {
      o = JSON.readTree(body);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
    if (o == null || !o.isObject()) throw new IllegalArgumentException("not a JSON object");
    List<AuditRecord.Source> sources = new ArrayList<>();
    for (JsonNode n : o.path("sources"))
      sources.add(
          new AuditRecord.Source(
              text(n, "collection"),
              text(n, "document_id"),
              n.path("version").asLong(),
              text(n, "content_hash"),
              n.path("chunk").asInt(),
              n.path("start").asInt(),
              n.path("end").asInt()));
    List<String> findings = new ArrayList<>();
    for (JsonNode n : o.path("findings")) findings.add(n.asText());
    try {
      return new AuditRecord(
          Instant.parse(text(o, "at")),
          text(o, "kind"),
          text(o, "tenant"),
          text(o, "key_id"),
          text(o, "user"),
          text(o, "route"),
          text(o, "prompt"),
          text(o, "model"),
          text(o, "upstream"),
          sources,
          findings,
          o.path("cached").asBoolean(),
          o.path("tokens_in").asLong(),
          o.path("tokens_out").asLong(),
          o.path("cost_micros").asLong(),
          text(o, "outcome"),
          text(o, "request_id"),
          text(o, "input_hash"),
          text(o, "output_hash"));
    } catch (java.time.format.DateTimeParseException | NullPointerException e) {
      throw new IllegalArgumentException("not an audit record: " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode o, String field) {
    JsonNode n = o.get(field);
    if (n == null || !n.isTextual())
      throw new IllegalArgumentException("not an audit record: no text field " + field);
    return n.asText();
  }
}
