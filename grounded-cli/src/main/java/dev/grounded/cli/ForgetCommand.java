package dev.grounded.cli;

import dev.grounded.audit.Forget;
import dev.grounded.audit.log.AuditLog;
import dev.grounded.audit.review.ReviewStore;
import dev.grounded.gateway.ledger.Ledger;
import dev.grounded.ingest.CollectionId;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code grounded forget --user U | --document ID}: deletes a user's or a document's data and
 * records the deletion in the audit log. A running server's cache is in its memory: use {@code POST
 * /api/forget} on it, or restart it.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "forget",
    description =
        "Delete a user's data (the audit log's texts and name, the ledger's name, feedback and"
            + " review items) or a document (from the index, its text merged off the disk, and the"
            + " audit log's texts, feedback and review items of the answers that cited it, which"
            + " are listed); the audit log records the deletion and still verifies. A running"
            + " server's cache is in its memory: use POST /api/forget there.")
final class ForgetCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  static final class Target {
    @Option(
        names = "--user",
        paramLabel = "USER",
        required = true,
        description = "The user (as sent in requests' 'user').")
    String user;

    @Option(
        names = "--document",
        paramLabel = "ID",
        required = true,
        description = "The document's id in --collection (see 'documents list').")
    String document;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  @Option(
      names = "--tenant",
      paramLabel = "TENANT",
      defaultValue = CollectionId.DEFAULT_TENANT,
      description = "The user's tenant (default: ${DEFAULT-VALUE}).")
  String tenant;

  @Option(names = "--json", description = "Print what was removed as JSON (as POST /api/forget).")
  boolean json;

  @Override
  public Integer call() {
    String requestId = "cli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    Forget.Report report;
    try (AuditLog log = AuditCommand.open(common.data);
        Ledger ledger = Ledger.open(common.data.database());
        ReviewStore reviews = ReviewStore.open(common.data.database())) {
      Forget forget = new Forget(log, ledger, null, reviews);
      if (target.user != null) {
        if (target.user.isBlank()) throw Usage.error("user", "--user is empty");
        CollectionId.checkTenant(tenant);
        report = forget.user(tenant, target.user, requestId);
      } else {
        CollectionId c = CollectionId.parse(common.collection());
        try (App app = common.app()) {
          report =
              forget.document(
                  (t, collection, doc) ->
                      app.kb().deleteDocument(new CollectionId(t, collection).key(), doc, true),
                  c.tenant(),
                  c.name(),
                  target.document,
                  requestId);
        }
      }
    }
    if (json) System.out.println(Json.write(report.json()));
    else {
      System.out.println(
          "forgot "
              + (target.user != null
                  ? "user '" + target.user + "'"
                  : "document '" + target.document + "'")
              + ": "
              + report.auditRecords()
              + " audit records now name nothing of it, "
              + report.texts()
              + " kept texts deleted"
              + (target.user != null ? ", " + report.ledgerRows() + " ledger rows renamed" : "")
              + (target.document != null
                  ? report.documentDeleted()
                      ? ", document deleted"
                      : ", document was not in the index"
                  : "")
              + "; recorded as audit record "
              + report.deletionSeq());
      if (!report.citedBy().isEmpty())
        System.out.println("answers that cited it: " + String.join(", ", report.citedBy()));
    }
    return 0;
  }
}
