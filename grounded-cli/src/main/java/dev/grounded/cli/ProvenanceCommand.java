package dev.grounded.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grounded.audit.log.AuditLog;
import dev.grounded.audit.provenance.Provenance;
import dev.grounded.audit.provenance.ProvenanceVerifier;
import dev.grounded.core.GroundedException;
import dev.grounded.guard.provenance.SigningKey;
import dev.grounded.ingest.CollectionId;
import dev.grounded.ingest.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code grounded provenance verify FILE|-}: checks an answer's signed provenance record. */
@Command(
    mixinStandardHelpOptions = true,
    name = "provenance",
    description = "Check the signed provenance records that answers carry.",
    subcommands = {ProvenanceCommand.Verify.class})
final class ProvenanceCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing subcommand: try 'grounded provenance verify --help'");
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "verify",
      description =
          "Check a provenance record (or an answer's JSON carrying one) offline: its signature, and"
              + " against the data directory, which fields changed and which cited documents"
              + " changed since; exits 1 when anything did.")
  static final class Verify implements Callable<Integer> {
    @Mixin DataOption data;

    @Parameters(
        paramLabel = "FILE",
        description = "The record's JSON file, or - for standard input.")
    String file;

    @Option(
        names = "--public-key",
        paramLabel = "FILE",
        description =
            "Check the signature with this public key (keys/instance.ed25519.pub of the signing"
                + " instance); default: this data directory's key.")
    Path publicKey;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
      JsonNode record;
      try (InputStream in = file.equals("-") ? System.in : Files.newInputStream(Path.of(file))) {
        record = ProvenanceVerifier.unwrap(new ObjectMapper().readTree(in));
      } catch (IOException e) {
        throw GroundedException.invalid("FILE", "cannot read " + file + ": " + e.getMessage());
      } catch (IllegalArgumentException e) {
        throw GroundedException.invalid("FILE", file + " is " + e.getMessage());
      }
      ProvenanceVerifier.Check check;
      try (AuditLog log = AuditCommand.open(data);
          Manifest manifest = Manifest.open(data.database())) {
        SigningKey key = publicKey == null ? log.key() : readPublic(publicKey);
        Optional<JsonNode> original =
            log.provenance(record.path("tenant").asText(), record.path("id").asText())
                .map(ProvenanceCommand::parse);
        Provenance.Documents documents =
            (tenant, collection, doc) ->
                manifest
                    .entry(new CollectionId(tenant, collection).key(), doc)
                    .map(e -> new Provenance.DocumentVersion(e.version(), e.contentHash()));
        check = ProvenanceVerifier.verify(record, key, original, documents);
      }
      if (json) System.out.println(Json.write(check.json()));
      else if (check.ok())
        System.out.println("verified " + check.id() + ": signed, sources unchanged");
      else {
        System.out.println(
            "NOT verified "
                + check.id()
                + (check.signatureValid()
                    ? ": signed, but sources changed"
                    : ": altered after signing"));
        check.changes().forEach(c -> System.out.println("  " + c));
      }
      return check.ok() ? 0 : 1;
    }

    private static SigningKey readPublic(Path file) {
      try {
        return SigningKey.readPublic(file);
      } catch (IOException e) {
        throw GroundedException.invalid("--public-key", e.getMessage());
      }
    }
  }

  static JsonNode parse(String stored) {
    try {
      return new ObjectMapper().readTree(stored);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
