package dev.grounded.audit.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.Answer;
import dev.grounded.core.Citation;
import dev.grounded.guard.provenance.SigningKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * The provenance record of an answer: which sources (documents with their versions and content
 * hashes, chunks, cited ranges and a hash of each quote), which model and prompt, from which
 * version of the collection, when, and SHA-256 hashes of the question and the answer; signed with
 * the instance's Ed25519 key over its {@linkplain Canonical canonical} JSON. Anyone with the public
 * key can check it offline; {@link ProvenanceVerifier} also says what changed.
 */
public final class Provenance {
  public static final String OBJECT = "provenance";
  static final ObjectMapper JSON = new ObjectMapper();

  private Provenance() {}

  /** A document's version and content hash as the manifest has them. */
  public record DocumentVersion(long version, String contentHash) {}

  /** Looks a document of a tenant's collection up in the manifest. */
  @FunctionalInterface
  public interface Documents {
    Optional<DocumentVersion> of(String tenant, String collection, String documentId);
  }

  /**
   * What an answer came from.
   *
   * @param collectionVersion the content version of the index commit the answer was read from
   * @param model the {@code rag:} model or the generating model alias
   * @param upstream the upstream model that wrote it, empty for the offline answerer
   * @param prompt the registered prompt as {@code name@version}, empty when none
   */
  public record Origin(
      String requestId,
      String tenant,
      String collection,
      String collectionVersion,
      String model,
      String upstream,
      String prompt) {
    public Origin {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(tenant, "tenant");
      Objects.requireNonNull(collection, "collection");
      Objects.requireNonNull(collectionVersion, "collectionVersion");
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(upstream, "upstream");
      Objects.requireNonNull(prompt, "prompt");
    }
  }

  /** The signed record of {@code answer} to {@code question}. */
  public static ObjectNode sign(
      Origin origin,
      String question,
      Answer answer,
      Documents documents,
      Instant created,
      SigningKey key) {
    ObjectNode o = JSON.createObjectNode();
    o.put("object", OBJECT);
    o.put("version", 1);
    o.put("id", "prov_" + origin.requestId());
    o.put("request_id", origin.requestId());
    o.put("created", created.toString());
    o.put("tenant", origin.tenant());
    o.put("collection", origin.collection());
    o.put("collection_version", origin.collectionVersion());
    o.put("model", origin.model());
    o.put("upstream", origin.upstream());
    o.put("prompt", origin.prompt());
    o.put("question_sha256", sha256(question));
    o.put("answer_sha256", sha256(answer.text()));
    o.put("abstained", answer.abstained());
    ArrayNode sources = o.putArray("sources");
    for (Citation c : answer.citations()) {
      ObjectNode s = sources.addObject();
      Optional<DocumentVersion> v =
          documents.of(origin.tenant(), origin.collection(), c.chunk().documentId());
      int base = c.chunk().location().start();
      s.put("n", c.n());
      s.put("document_id", c.chunk().documentId());
      s.put("source", c.chunk().source());
      s.put("version", v.map(DocumentVersion::version).orElse(0L));
      s.put("content_hash", v.map(DocumentVersion::contentHash).orElse(""));
      s.put("chunk", c.chunk().ordinal());
      s.put("start", base + c.start());
      s.put("end", base + c.end());
      s.put("quote_sha256", sha256(c.quote()));
    }
    o.put("key_id", key.id());
    o.put("signature", key.sign(signedText(o)));
    return o;
  }

  /** The text a record's signature covers: its canonical JSON without the signature. */
  static String signedText(JsonNode record) {
    ObjectNode copy = record.deepCopy();
    copy.remove("signature");
    return Canonical.text(copy);
  }

  public static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
