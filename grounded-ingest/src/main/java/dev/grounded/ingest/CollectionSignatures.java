package dev.grounded.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.guard.provenance.CorpusManifest;
import dev.grounded.guard.provenance.SigningKey;
import dev.grounded.index.DocumentRecord;
import dev.grounded.index.LuceneSearcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Signed versions of collections, kept in the data directory: {@code keys/collections.ed25519}
 * (private, 0600, made on first use) and {@code .pub}, and one JSON file per signed version under
 * {@code signatures/<collection>/}: the collection, its digest, the manifest of document hashes,
 * the time, the key id and the Ed25519 signature of {@code grounded-collection-v1 LF collection LF
 * digest LF signed_at}.
 */
public final class CollectionSignatures {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "grounded-collection-v1";
  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS").withZone(ZoneOffset.UTC);

  private final Path dataDir;

  public CollectionSignatures(Path dataDir) {
    this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
  }

  /** What a verification found. */
  public record Verification(
      String collection,
      String digest,
      int documents,
      boolean verified,
      Optional<String> signedAt,
      Optional<String> keyId,
      Map<String, String> changes,
      String reason) {}

  /** The manifest of what {@code searcher} reads: each document's id and content hash. */
  public static CorpusManifest manifest(LuceneSearcher searcher) {
    return manifest(searcher.documents());
  }

  private static CorpusManifest manifest(List<DocumentRecord> documents) {
    List<CorpusManifest.Entry> entries = new ArrayList<>();
    for (DocumentRecord d : documents)
      entries.add(new CorpusManifest.Entry(d.documentId(), d.contentHash()));
    return new CorpusManifest(entries);
  }

  /** The data directory's signing key, made on first use. */
  public SigningKey key() {
    try {
      return SigningKey.readOrCreate(dataDir.resolve("keys").resolve("collections.ed25519"));
    } catch (IOException e) {
      throw new GroundedException(
          ErrorCode.STORAGE_ERROR,
          "cannot read or create the signing key: " + e.getMessage(),
          null,
          e);
    }
  }

  /**
   * Signs what {@code searcher} reads of {@code collection} with {@code key}; returns the record.
   */
  public ObjectNode sign(String collection, LuceneSearcher searcher, SigningKey key) {
    List<DocumentRecord> documents = searcher.documents(); // read once: manifest and names
    CorpusManifest m = manifest(documents);
    String digest = m.digest();
    Instant now = Instant.now();
    String signedAt = now.toString();
    ObjectNode o = JSON.createObjectNode();
    o.put("object", "collection.signature");
    o.put("collection", collection);
    o.put("digest", digest);
    o.put("documents", m.entries().size());
    o.put("signed_at", signedAt);
    o.put("key_id", key.id());
    o.put("public_key", key.publicBase64());
    o.put("signature", key.sign(message(collection, digest, signedAt)));
    Map<String, String> sources = sources(documents);
    var list = o.putArray("manifest");
    for (CorpusManifest.Entry e : m.entries())
      list.addObject()
          .put("id", e.id())
          .put("hash", e.contentHash())
          .put("source", sources.getOrDefault(e.id(), ""));
    Path dir = folder(collection);
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(FILE_TIME.format(now) + "-" + digest.substring(7, 19) + ".json");
      Path tmp = dir.resolve(file.getFileName() + ".tmp");
      JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), o);
      Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new GroundedException(
          ErrorCode.STORAGE_ERROR, "cannot write the signature: " + e.getMessage(), null, e);
    }
    return o;
  }

  /**
   * Whether what {@code searcher} reads of {@code collection} is a version {@code trusted} signed:
   * verified when a signature file names its digest and the signature checks out with the trusted
   * key (not the key a file carries); else the changes since the newest valid signed version.
   */
  public Verification verify(String collection, LuceneSearcher searcher, SigningKey trusted) {
    List<DocumentRecord> documents = searcher.documents(); // read once: manifest and names
    CorpusManifest now = manifest(documents);
    String digest = now.digest();
    List<JsonNode> valid = new ArrayList<>();
    int forged = 0;
    for (JsonNode s : read(collection)) {
      boolean ok =
          s.path("collection").asText().equals(collection)
              && trusted.verify(
                  message(collection, s.path("digest").asText(), s.path("signed_at").asText()),
                  s.path("signature").asText())
              && manifestOf(s).digest().equals(s.path("digest").asText());
      if (ok) valid.add(s);
      else forged++;
    }
    valid.sort(Comparator.comparing((JsonNode s) -> s.path("signed_at").asText()).reversed());
    for (JsonNode s : valid)
      if (s.path("digest").asText().equals(digest))
        return new Verification(
            collection,
            digest,
            now.entries().size(),
            true,
            Optional.of(s.path("signed_at").asText()),
            Optional.of(trusted.id()),
            Map.of(),
            "signed");
    String why =
        valid.isEmpty()
            ? (forged > 0
                ? forged + " signature file(s) do not verify with the trusted key"
                : "no signed version")
            : "the content differs from every signed version";
    Map<String, String> changes = new java.util.TreeMap<>();
    if (!valid.isEmpty()) {
      Map<String, String> names = sources(documents);
      for (JsonNode e : valid.getFirst().path("manifest"))
        names.putIfAbsent(e.path("id").asText(), e.path("source").asText());
      manifestOf(valid.getFirst())
          .changesTo(now)
          .forEach((docId, change) -> changes.put(names.getOrDefault(docId, docId), change));
    }
    return new Verification(
        collection,
        digest,
        now.entries().size(),
        false,
        valid.isEmpty()
            ? Optional.empty()
            : Optional.of(valid.getFirst().path("signed_at").asText()),
        Optional.empty(),
        changes,
        why);
  }

  private static Map<String, String> sources(List<DocumentRecord> documents) {
    Map<String, String> out = new java.util.HashMap<>();
    for (DocumentRecord d : documents) out.put(d.documentId(), d.source());
    return out;
  }

  private List<JsonNode> read(String collection) {
    Path dir = folder(collection);
    if (!Files.isDirectory(dir)) return List.of();
    List<JsonNode> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        try {
          out.add(JSON.readTree(f.toFile()));
        } catch (IOException e) {
          // an unreadable file is not a signature: it counts as nothing signed
        }
      }
    } catch (IOException e) {
      throw new GroundedException(
          ErrorCode.STORAGE_ERROR, "cannot read signatures: " + e.getMessage(), null, e);
    }
    return out;
  }

  private static CorpusManifest manifestOf(JsonNode signature) {
    List<CorpusManifest.Entry> entries = new ArrayList<>();
    for (JsonNode e : signature.path("manifest"))
      entries.add(new CorpusManifest.Entry(e.path("id").asText(), e.path("hash").asText()));
    try {
      return new CorpusManifest(entries);
    } catch (IllegalArgumentException e) {
      return new CorpusManifest(List.of(new CorpusManifest.Entry("(malformed)", "")));
    }
  }

  private Path folder(String collection) {
    return dataDir.resolve("signatures").resolve(collection);
  }

  static String message(String collection, String digest, String signedAt) {
    return PREFIX + "\n" + collection + "\n" + digest + "\n" + signedAt;
  }
}
