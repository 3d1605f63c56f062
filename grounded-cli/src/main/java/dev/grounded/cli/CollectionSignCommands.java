package dev.grounded.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.GroundedException;
import dev.grounded.guard.provenance.SigningKey;
import dev.grounded.index.LuceneSearcher;
import dev.grounded.ingest.CollectionId;
import dev.grounded.ingest.CollectionSignatures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code grounded collections sign|verify NAME}: signed collection versions. */
final class CollectionSignCommands {
  private CollectionSignCommands() {}

  /** Runs {@code work} on the collection {@code name} (which must exist) and its signatures. */
  static <T> T onCollection(
      DataOption data,
      String name,
      java.util.function.BiFunction<CollectionSignatures, LuceneSearcher, T> work) {
    CollectionId id = CollectionId.parse(name);
    try (App app = data.app()) {
      CollectionsCommand.requireExisting(app, id, name);
      try (LuceneSearcher s = app.kb().searcher(id.key())) {
        return work.apply(new CollectionSignatures(app.kb().dataDir()), s);
      }
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "sign",
      description =
          "Sign the collection's current version: a SHA-256 digest over its documents' content"
              + " hashes, signed with the data directory's Ed25519 key (made on first use).")
  static final class Sign implements Callable<Integer> {
    @Mixin DataOption data;

    @Parameters(
        paramLabel = "NAME",
        description = "The collection (another tenant's: TENANT~NAME).")
    String name;

    @Option(names = "--json", description = "Print the signature record as JSON.")
    boolean json;

    @Override
    public Integer call() {
      String key = CollectionId.parse(name).key();
      ObjectNode record =
          onCollection(data, name, (signatures, s) -> signatures.sign(key, s, signatures.key()));
      if (json) {
        record.remove("manifest");
        System.out.println(Json.write(record));
      } else
        System.out.println(
            "signed "
                + name
                + ": "
                + record.path("digest").asText()
                + " ("
                + record.path("documents").asInt()
                + " documents, key "
                + record.path("key_id").asText()
                + ")");
      return 0;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "verify",
      description =
          "Check that the collection's current content is a version signed with the trusted key;"
              + " exits 1, listing what changed since the last signed version, when it is not.")
  static final class Verify implements Callable<Integer> {
    @Mixin DataOption data;

    @Parameters(
        paramLabel = "NAME",
        description = "The collection (another tenant's: TENANT~NAME).")
    String name;

    @Option(
        names = "--public-key",
        paramLabel = "FILE",
        description =
            "Verify with this public key (base64 X.509, as keys/collections.ed25519.pub); default:"
                + " the data directory's own key.")
    Path publicKey;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
      String key = CollectionId.parse(name).key();
      CollectionSignatures.Verification v =
          onCollection(
              data,
              name,
              (signatures, s) ->
                  signatures.verify(
                      key, s, publicKey == null ? signatures.key() : readPublic(publicKey)));
      if (json) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("object", "collection.verification");
        out.put("collection", name);
        out.put("verified", v.verified());
        out.put("digest", v.digest());
        out.put("documents", v.documents());
        out.put("reason", v.reason());
        v.signedAt().ifPresent(t -> out.put("signed_at", t));
        v.keyId().ifPresent(k -> out.put("key_id", k));
        out.put("changes", v.changes());
        System.out.println(Json.write(out));
      } else if (v.verified()) {
        System.out.println(
            "verified "
                + name
                + ": "
                + v.digest()
                + " ("
                + v.documents()
                + " documents) signed at "
                + v.signedAt().orElseThrow()
                + " by key "
                + v.keyId().orElseThrow());
      } else {
        System.out.println("NOT verified " + name + ": " + v.reason() + " (" + v.digest() + ")");
        v.signedAt().ifPresent(t -> System.out.println("last signed version: " + t));
        v.changes().forEach((doc, change) -> System.out.println("  " + change + ": " + doc));
      }
      return v.verified() ? 0 : 1;
    }

    private static SigningKey readPublic(Path file) {
      try {
        return SigningKey.readPublic(file);
      } catch (IOException e) {
        throw GroundedException.invalid("--public-key", e.getMessage());
      }
    }
  }
}
