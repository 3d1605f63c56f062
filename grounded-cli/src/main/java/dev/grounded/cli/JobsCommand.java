package dev.grounded.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.server.JobStore;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code grounded jobs}: the server's ingest and evaluation jobs, read from the data directory's
 * {@code grounded.db} (no server URL, no key), and cancel requests written there for the server
 * that runs the job to act on. A job whose server died shows as {@code interrupted} until a server
 * starts on the data directory and resumes it (or reports it lost). Safe while a server runs.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "jobs",
    description =
        "List the server's ingest and evaluation jobs and cancel one (works on the data"
            + " directory).",
    subcommands = {JobsCommand.ListJobs.class, JobsCommand.Cancel.class})
final class JobsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing subcommand: try 'grounded jobs --help'");
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "list",
      description =
          "List jobs, newest first: id, kind, tenant, collection, status, progress, error. A job"
              + " whose server died is 'interrupted' until a server starts on the data directory"
              + " and resumes it.")
  static final class ListJobs implements Callable<Integer> {
    @Mixin DataOption data;

    @Option(names = "--tenant", paramLabel = "TENANT", description = "Only this tenant's jobs.")
    String tenant;

    @Option(names = "--json", description = "Print as JSON.")
    boolean json;

    @Override
    public Integer call() {
      List<JobStore.Row> rows;
      try (JobStore store = JobStore.open(data.database())) {
        store.markLost(); // a job whose server died, recorded without its input, never resumes
        rows = store.list(tenant);
      }
      if (json) {
        List<JsonNode> out = new ArrayList<>();
        for (JobStore.Row r : rows) out.add(view(r));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("object", "list");
        m.put("data", out);
        System.out.println(Json.write(m));
      } else if (rows.isEmpty()) {
        System.out.println("no jobs: a server records its ingest and evaluation jobs here");
      } else {
        table(rows);
      }
      return 0;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "cancel",
      description =
          "Cancel a job: a queued one never starts, a running one stops before its next document"
              + " or question (what an ingest committed stays). The server running it acts within a"
              + " second; an interrupted one is not resumed.")
  static final class Cancel implements Callable<Integer> {
    @Mixin DataOption data;

    @Parameters(paramLabel = "ID", description = "Id of the job (job_…).")
    String id;

    @Override
    public Integer call() {
      try (JobStore store = JobStore.open(data.database())) {
        store.markLost();
        JobStore.Row row =
            store.get(id).orElseThrow(() -> GroundedException.notFound("no job '" + id + "'"));
        if (row.status().equals("cancelled")) {
          System.out.println("job " + id + " is already cancelled");
          return 0;
        }
        if (!store.requestCancel(id))
          throw new GroundedException(
              ErrorCode.CONFLICT,
              "job '" + id + "' already " + describe(row) + ": nothing to cancel",
              "id",
              null);
        System.out.println(
            "cancel requested for "
                + id
                + " ("
                + status(row)
                + (row.interrupted()
                    ? "): the next server to start on this data directory reports it cancelled"
                    : "): the server stops it before its next step")
                + "; see 'grounded jobs list'");
        return 0;
      }
    }
  }

  private static String describe(JobStore.Row row) {
    JsonNode error = view(row).path("error");
    return error.isObject() && error.path("code").asText().equals(JobStore.LOST)
        ? "failed (job_lost: its server stopped before it finished)"
        : row.status();
  }

  /** The stored status, or {@code interrupted} for an active job whose server is gone. */
  static String status(JobStore.Row r) {
    return r.interrupted() ? "interrupted" : r.status();
  }

  /**
   * The job as the API shows it, with its tenant (the CLI sees every tenant's jobs) and, for a job
   * whose server is gone, {@code "interrupted": true}.
   */
  static ObjectNode view(JobStore.Row r) {
    ObjectNode o;
    try {
      o = (ObjectNode) Json.MAPPER.readTree(r.view());
    } catch (IOException | ClassCastException e) {
      o = Json.MAPPER.createObjectNode().put("id", r.id()).put("status", r.status());
    }
    if (!o.has("kind")) o.put("kind", r.kind());
    o.put("tenant", r.tenant());
    if (r.interrupted()) o.put("interrupted", true);
    return o;
  }

  private static void table(List<JobStore.Row> rows) {
    int tenant = "TENANT".length();
    int collection = "COLLECTION".length();
    for (JobStore.Row r : rows) {
      tenant = Math.max(tenant, r.tenant().length());
      collection = Math.max(collection, r.collection().length());
    }
    String format =
        "%-24s  %-6s  %-" + tenant + "s  %-" + collection + "s  %-11s  %-20s  %-11s  %s%n";
    System.out.printf(
        format, "ID", "KIND", "TENANT", "COLLECTION", "STATUS", "CREATED", "PROGRESS", "ERROR");
    for (JobStore.Row r : rows) {
      JsonNode v = view(r);
      JsonNode p = v.path("progress");
      JsonNode error = v.path("error");
      int done = p.path(r.kind().equals(JobStore.EVAL) ? "done" : "indexed").asInt();
      System.out.printf(
          format,
          r.id(),
          r.kind(),
          r.tenant(),
          r.collection(),
          status(r),
          KeysCommand.time(Instant.ofEpochMilli(r.createdAt())),
          done + "/" + p.path("total").asInt(),
          error.isObject() ? error.path("code").asText() : "-");
    }
  }
}
