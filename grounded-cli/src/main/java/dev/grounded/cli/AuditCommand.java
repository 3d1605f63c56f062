package dev.grounded.cli;

import dev.grounded.audit.log.AuditLog;
import dev.grounded.audit.log.AuditQuery;
import dev.grounded.audit.log.AuditRecord;
import dev.grounded.audit.log.AuditVerification;
import dev.grounded.audit.log.StoredRecord;
import dev.grounded.gateway.ledger.CostReport;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code grounded audit verify|list|export|checkpoint}: the hash-chained audit log in {@code
 * grounded.db}. Safe while a server runs (it appends in transactions of its own).
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "audit",
    description = "The tamper-evident audit log: one hash-chained record per request.",
    subcommands = {
      AuditCommand.Verify.class,
      AuditCommand.ListRecords.class,
      AuditCommand.Export.class,
      AuditCommand.Checkpoint.class
    })
final class AuditCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing subcommand: try 'grounded audit verify --help'");
  }

  static AuditLog open(DataOption data) {
    return AuditPlan.of(data.config()).openLog(data);
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "verify",
      description =
          "Recompute the chain and check the signed checkpoints; exits 1 naming the first record"
              + " that is not as written (edited, deleted, inserted or moved).")
  static final class Verify implements Callable<Integer> {
    @Mixin DataOption data;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
      AuditVerification v;
      try (AuditLog log = open(data)) {
        v = log.verify();
      }
      if (json) System.out.println(Json.write(AuditLog.verificationJson(v)));
      else if (v.ok())
        System.out.println(
            "verified "
                + v.records()
                + " records, "
                + v.checkpoints()
                + " signed checkpoints"
                + (v.records() == 0
                    ? ""
                    : v.coveredThrough() == v.records()
                        ? " (all covered)"
                        : " (signed through record "
                            + v.coveredThrough()
                            + "; later ones are chained, signed at the next checkpoint)"));
      else
        System.out.println(
            "NOT verified: " + v.problem() + " (first bad record: " + v.firstBad() + ")");
      return v.ok() ? 0 : 1;
    }
  }

  /** The filters shared by list and export. */
  static final class Filters {
    @Option(
        names = "--since",
        paramLabel = "WHEN",
        description = "Only records from this UTC date, instant or age (7d, 24h, 30m) on.")
    String since;

    @Option(names = "--tenant", paramLabel = "TENANT", description = "Only this tenant's records.")
    String tenant;

    @Option(names = "--user", paramLabel = "USER", description = "Only this user's records.")
    String user;

    @Option(names = "--kind", paramLabel = "KIND", description = "Only chat, ask or deletion.")
    String kind;

    @Option(names = "--request-id", paramLabel = "ID", description = "Only this request's records.")
    String requestId;

    @Option(
        names = "--document",
        paramLabel = "COLLECTION/ID",
        description = "Only answers that cited this document.")
    String document;

    AuditQuery query() {
      AuditQuery q = AuditQuery.ALL;
      if (since != null) q = q.withSince(CostReport.since(since, Instant.now()));
      if (tenant != null) q = q.withTenant(tenant);
      if (user != null) q = q.withUser(user);
      if (kind != null) q = q.withKind(kind);
      if (requestId != null) q = q.withRequestId(requestId);
      if (document != null) {
        int slash = document.indexOf('/');
        if (slash <= 0 || slash == document.length() - 1)
          throw Usage.error("document", "--document must be COLLECTION/ID, not '" + document + "'");
        q = q.withDocument(document.substring(0, slash), document.substring(slash + 1));
      }
      return q;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "list",
      description = "Print records, oldest first: one line each, or JSON lines.")
  static final class ListRecords implements Callable<Integer> {
    @Mixin DataOption data;

    @CommandLine.ArgGroup(exclusive = false)
    Filters filters = new Filters();

    @Option(
        names = "--limit",
        paramLabel = "N",
        defaultValue = "100",
        description = "At most this many (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print JSON lines, as export does.")
    boolean json;

    @Override
    public Integer call() {
      if (limit < 1) throw Usage.error("limit", "--limit must be >= 1");
      try (AuditLog log = open(data)) {
        for (StoredRecord r : log.query(filters.query().page(0, limit))) {
          if (json) {
            System.out.println(AuditLog.recordJson(r));
            continue;
          }
          AuditRecord a = r.record();
          System.out.println(
              r.seq()
                  + "  "
                  + a.at()
                  + "  "
                  + a.kind()
                  + "  "
                  + a.tenant()
                  + (r.userName().isEmpty() ? "" : "/" + r.userName())
                  + "  "
                  + a.model()
                  + "  "
                  + a.outcome()
                  + "  "
                  + a.requestId()
                  + (a.sources().isEmpty() ? "" : "  sources " + a.sources().size())
                  + (a.findings().isEmpty() ? "" : "  " + String.join(",", a.findings())));
        }
      }
      return 0;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "export",
      description =
          "Write records as JSON lines (each with its chain hash, and the signed checkpoints)"
              + " to a file or standard output.")
  static final class Export implements Callable<Integer> {
    @Mixin DataOption data;

    @CommandLine.ArgGroup(exclusive = false)
    Filters filters = new Filters();

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FILE",
        defaultValue = "-",
        description = "Where to write (default: standard output).")
    String output;

    @Override
    public Integer call() throws IOException {
      AuditQuery q = filters.query();
      try (AuditLog log = open(data)) {
        if (output.equals("-")) {
          Writer w = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
          log.export(q, w);
          w.flush();
          return 0;
        }
        Path file = Path.of(output);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        long n;
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
          n = log.export(q, w);
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.err.println("grounded: wrote " + n + " records to " + file);
      }
      return 0;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "checkpoint",
      description =
          "Sign the chain's head now and print the checkpoint with the public key: keep it"
              + " outside this machine to prove later that nothing before it changed.")
  static final class Checkpoint implements Callable<Integer> {
    @Mixin DataOption data;

    @Override
    public Integer call() {
      try (AuditLog log = open(data)) {
        AuditVerification v = log.verify();
        if (!v.ok()) {
          System.err.println(
              "grounded: error: will not sign a chain that does not verify: " + v.problem());
          return 1;
        }
        var out = new java.util.LinkedHashMap<String, Object>();
        out.put("object", "audit.checkpoint");
        log.checkpoint().ifPresent(c -> out.put("checkpoint", AuditLog.checkpointJson(c)));
        out.put("key_id", log.key().id());
        out.put("public_key", log.key().publicBase64());
        System.out.println(Json.write(out));
      }
      return 0;
    }
  }
}
