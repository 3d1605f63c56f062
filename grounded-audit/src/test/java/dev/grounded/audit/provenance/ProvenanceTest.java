package dev.grounded.audit.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.grounded.core.Answer;
import dev.grounded.core.Chunk;
import dev.grounded.core.Citation;
import dev.grounded.core.Location;
import dev.grounded.guard.provenance.SigningKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every field of a signed provenance record altered in turn, and the cited documents changed and
 * deleted: verification fails naming what changed; the untouched record (even re-serialized with
 * its keys reordered and indented) verifies.
 */
class ProvenanceTest {
  static final ObjectMapper JSON = new ObjectMapper();
  final SigningKey key = SigningKey.generate();
  final Map<String, Provenance.DocumentVersion> manifest = new HashMap<>();
  final Provenance.Documents documents =
      (tenant, collection, doc) ->
          Optional.ofNullable(manifest.get(tenant + "/" + collection + "/" + doc));

  ObjectNode signed() {
    manifest.put("acme/manual/d1", new Provenance.DocumentVersion(1, "a".repeat(64)));
    manifest.put("acme/manual/d2", new Provenance.DocumentVersion(3, "b".repeat(64)));
    String t1 = "The kettle weighs 1.3 kilograms. It boils water in four minutes.";
    String t2 = "The warranty lasts seven years.";
    Chunk c1 =
        new Chunk(
            "d1", "kettle.md", 0, t1, new Location(1, List.of("Kettle"), 100, 100 + t1.length()));
    Chunk c2 =
        new Chunk("d2", "warranty.md", 2, t2, new Location(0, List.of(), 40, 40 + t2.length()));
    Answer answer =
        new Answer(
            "The kettle weighs 1.3 kilograms. [1] The warranty lasts seven years. [2]",
            false,
            List.of(
                new Citation(1, c1, "The kettle weighs 1.3 kilograms.", 0, 32, 0.9),
                new Citation(2, c2, t2, 0, t2.length(), 0.8)));
    return Provenance.sign(
        new Provenance.Origin("req_1", "acme", "manual", "v42", "rag:manual", "", ""),
        "How heavy is the kettle?",
        answer,
        documents,
        Instant.parse("2026-12-07T12:00:00Z"),
        key);
  }

  @Test
  void anUnchangedRecordVerifiesEvenReserialized() throws Exception {
    ObjectNode p = signed();
    assertThat(p.at("/sources/0/start").asInt()).as("offsets in the document").isEqualTo(100);
    assertThat(p.at("/sources/0/end").asInt()).isEqualTo(132);
    assertThat(p.at("/sources/1/version").asLong()).isEqualTo(3);
    ProvenanceVerifier.Check c =
        ProvenanceVerifier.verify(p, key, Optional.of(p.deepCopy()), documents);
    assertThat(c.ok()).as(c.changes().toString()).isTrue();

    // keys reordered and indented, as a JSON tool might rewrite it; and wrapped in an answer
    Map<String, Object> reordered = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
    p.fields().forEachRemaining(e -> reordered.put(e.getKey(), e.getValue()));
    String pretty =
        JSON.copy()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .writeValueAsString(Map.of("object", "answer", "provenance", reordered));
    ProvenanceVerifier.Check again =
        ProvenanceVerifier.verify(JSON.readTree(pretty), key, Optional.empty(), documents);
    assertThat(again.ok()).as(again.changes().toString()).isTrue();
  }

  @Test
  void everyAlteredFieldIsNamed() {
    ObjectNode original = signed();
    List<String> paths = new ArrayList<>();
    leaves("", original, paths);
    assertThat(paths).hasSizeGreaterThan(25);
    for (String path : paths) {
      ObjectNode altered = original.deepCopy();
      alter(altered, path);
      if (path.equals("/object")) {
        // no longer a provenance record at all: refused as input, not verified
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> ProvenanceVerifier.verify(altered, key, Optional.of(original), documents))
            .isInstanceOf(IllegalArgumentException.class);
        continue;
      }
      ProvenanceVerifier.Check c =
          ProvenanceVerifier.verify(altered, key, Optional.of(original), documents);
      assertThat(c.ok()).as(path).isFalse();
      assertThat(c.signatureValid()).as(path).isFalse();
      assertThat(c.changes()).as(path).anyMatch(s -> s.startsWith(path + " "));
      // without the stored copy: still refused, saying it cannot tell where
      ProvenanceVerifier.Check blind =
          ProvenanceVerifier.verify(altered, key, Optional.empty(), documents);
      assertThat(blind.ok()).as(path).isFalse();
    }
    ObjectNode removed = original.deepCopy();
    ((ArrayNode) removed.get("sources")).remove(1);
    assertThat(ProvenanceVerifier.verify(removed, key, Optional.of(original), documents).changes())
        .anyMatch(s -> s.startsWith("/sources/1 was removed"));
  }

  @Test
  void aChangedOrDeletedSourceDocumentIsNamed() {
    ObjectNode p = signed();
    manifest.put("acme/manual/d1", new Provenance.DocumentVersion(2, "c".repeat(64)));
    ProvenanceVerifier.Check changed = ProvenanceVerifier.verify(p, key, Optional.of(p), documents);
    assertThat(changed.signatureValid()).isTrue();
    assertThat(changed.ok()).isFalse();
    assertThat(changed.changes())
        .containsExactly(
            "document kettle.md (d1) changed since the answer: version 1 -> 2, content hash"
                + " aaaaaaaaaaaa… -> cccccccccccc…");
    manifest.remove("acme/manual/d2");
    assertThat(ProvenanceVerifier.verify(p, key, Optional.of(p), documents).changes())
        .contains("document warranty.md (d2) was deleted from manual");
  }

  @Test
  void anotherInstancesKeyIsRefused() {
    ObjectNode p = signed();
    ProvenanceVerifier.Check c =
        ProvenanceVerifier.verify(p, SigningKey.generate(), Optional.empty(), documents);
    assertThat(c.signatureValid()).isFalse();
    assertThat(c.changes().getFirst()).startsWith("signed by key " + key.id());
  }

  static void leaves(String path, JsonNode n, List<String> out) {
    if (n.isObject())
      n.fields().forEachRemaining(e -> leaves(path + "/" + e.getKey(), e.getValue(), out));
    else if (n.isArray()) for (int i = 0; i < n.size(); i++) leaves(path + "/" + i, n.get(i), out);
    else out.add(path);
  }

  static void alter(ObjectNode root, String path) {
    int slash = path.lastIndexOf('/');
    JsonNode parent = path.substring(0, slash).isEmpty() ? root : root.at(path.substring(0, slash));
    String name = path.substring(slash + 1);
    JsonNode old = parent.isArray() ? parent.get(Integer.parseInt(name)) : parent.get(name);
    JsonNode now =
        old.isBoolean()
            ? BooleanNode.valueOf(!old.asBoolean())
            : old.isNumber()
                ? LongNode.valueOf(old.asLong() + 1)
                : TextNode.valueOf(old.asText() + "x");
    if (parent.isArray()) ((ArrayNode) parent).set(Integer.parseInt(name), now);
    else ((ObjectNode) parent).set(name, now);
  }
}
