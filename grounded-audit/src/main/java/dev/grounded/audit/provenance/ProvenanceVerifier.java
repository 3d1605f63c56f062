package dev.grounded.audit.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.guard.provenance.SigningKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Checks a provenance record offline: its signature under the instance's public key; when that
 * fails and the instance kept the record as signed, exactly which fields differ from it; and
 * whether each cited document is still the version the answer was made from.
 */
public final class ProvenanceVerifier {
  /** At most this many differing fields are listed. */
  static final int MAX_CHANGES = 50;

  private ProvenanceVerifier() {}

  /**
   * The outcome.
   *
   * @param signatureValid the record is exactly as signed by this instance's key
   * @param changes what differs, one sentence each: fields of the record (as JSON pointers, was and
   *     now) and cited documents changed or deleted since
   */
  public record Check(String id, boolean signatureValid, List<String> changes) {
    public Check {
      changes = List.copyOf(changes);
    }

    /** Signed as it is, and every cited document unchanged. */
    public boolean ok() {
      return signatureValid && changes.isEmpty();
    }

    public ObjectNode json() {
      ObjectNode o = Provenance.JSON.createObjectNode();
      o.put("object", "provenance.verification");
      o.put("id", id);
      o.put("verified", ok());
      o.put("signature_valid", signatureValid);
      changes.forEach(o.putArray("changes")::add);
      if (changes.isEmpty()) o.putArray("changes");
      return o;
    }
  }

  /**
   * @param record a provenance record, or a response carrying one in {@code provenance}
   * @param key the instance's (public) key
   * @param original the record as the instance stored it when signing, if it has it
   * @param documents the cited documents as they are now
   * @throws IllegalArgumentException when {@code record} is not a provenance record
   */
  public static Check verify(
      JsonNode record,
      SigningKey key,
      Optional<JsonNode> original,
      Provenance.Documents documents) {
    JsonNode r = unwrap(record);
    List<String> changes = new ArrayList<>();
    String keyId = r.path("key_id").asText();
    boolean valid =
        keyId.equals(key.id())
            && r.path("signature").isTextual()
            && key.verify(Provenance.signedText(r), r.path("signature").asText());
    if (!keyId.equals(key.id()))
      changes.add("signed by key " + keyId + ", not by this instance's key " + key.id());
    JsonNode trusted = r;
    if (!valid) {
      if (original.isPresent()) {
        diff("", original.get(), r, changes);
        trusted = original.get();
      } else {
        changes.add(
            "the record was altered after it was signed (this instance keeps no copy of "
                + r.path("id").asText("it")
                + " to say which field)");
      }
    }
    String tenant = trusted.path("tenant").asText();
    String collection = trusted.path("collection").asText();
    for (JsonNode s : trusted.path("sources")) {
      String doc = s.path("document_id").asText();
      String name = s.path("source").asText(doc);
      Optional<Provenance.DocumentVersion> now = documents.of(tenant, collection, doc);
      if (now.isEmpty()) {
        changes.add("document " + name + " (" + doc + ") was deleted from " + collection);
      } else if (!now.get().contentHash().equals(s.path("content_hash").asText())) {
        changes.add(
            "document "
                + name
                + " ("
                + doc
                + ") changed since the answer: version "
                + s.path("version").asLong()
                + " -> "
                + now.get().version()
                + ", content hash "
                + abbrev(s.path("content_hash").asText())
                + " -> "
                + abbrev(now.get().contentHash()));
      }
    }
    return new Check(r.path("id").asText(), valid, dedupe(changes));
  }

  private static List<String> dedupe(List<String> changes) {
    List<String> out = new ArrayList<>(new java.util.LinkedHashSet<>(changes));
    return out.size() > MAX_CHANGES ? out.subList(0, MAX_CHANGES) : out;
  }

  /** The record itself, from a response that carries it in {@code provenance} too. */
  public static JsonNode unwrap(JsonNode record) {
    JsonNode r = record;
    if (r != null && r.isObject() && !r.has("signature") && r.path("provenance").isObject())
      r = r.get("provenance");
    if (r == null || !r.isObject() || !Provenance.OBJECT.equals(r.path("object").asText()))
      throw new IllegalArgumentException(
          "not a provenance record (an object with \"object\": \"provenance\")");
    return r;
  }

  private static void diff(String path, JsonNode was, JsonNode now, List<String> out) {
    if (out.size() > MAX_CHANGES) return;
    if (was != null && now != null && was.isObject() && now.isObject()) {
      TreeSet<String> names = new TreeSet<>();
      was.fieldNames().forEachRemaining(names::add);
      now.fieldNames().forEachRemaining(names::add);
      for (String n : names)
        diff(path + "/" + n.replace("~", "~0").replace("/", "~1"), was.get(n), now.get(n), out);
      return;
    }
    if (was != null && now != null && was.isArray() && now.isArray()) {
      for (int i = 0; i < Math.max(was.size(), now.size()); i++)
        diff(path + "/" + i, was.get(i), now.get(i), out);
      return;
    }
    if (was == null) out.add(path + " was added: " + now);
    else if (now == null) out.add(path + " was removed (was " + was + ")");
    else if (!was.equals(now)) out.add(path + " changed: was " + was + ", now " + now);
  }

  private static String abbrev(String hash) {
    return hash.length() > 12 ? hash.substring(0, 12) + "…" : hash;
  }
}
