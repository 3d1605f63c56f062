package dev.grounded.cli;

import dev.grounded.core.GroundedException;
import dev.grounded.ingest.ManifestEntry;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code grounded documents list|delete}: what {@code GET} and {@code DELETE
 * /api/collections/C/documents} do, on the data directory itself (same paging, shapes and errors).
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "documents",
    description = "List or delete the documents of a collection (as /api/collections/C/documents).",
    subcommands = {DocumentsCommand.ListDocuments.class, DocumentsCommand.Delete.class})
final class DocumentsCommand implements Runnable {
  /** The largest page, as the API's. */
  static final int MAX_PAGE = 100;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing subcommand: try 'grounded documents --help'");
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "list",
      description = "Documents in id order, a page at a time (--limit, then --after the last id).")
  static final class ListDocuments implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(
        names = "--limit",
        paramLabel = "N",
        defaultValue = "20",
        description = "Documents per page, 1 to " + MAX_PAGE + " (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(
        names = "--after",
        paramLabel = "ID",
        description = "Start after this document id (the previous page's last).")
    String after;

    @Option(
        names = "--json",
        description = "Print as JSON, as GET /api/collections/C/documents answers.")
    boolean json;

    @Override
    public Integer call() {
      if (limit < 1 || limit > MAX_PAGE)
        throw Usage.error("limit", "--limit must be from 1 to " + MAX_PAGE + ", not " + limit);
      String collection = common.collection();
      try (App app = common.app()) {
        List<ManifestEntry> page = app.kb().documents(collection, after, limit + 1);
        boolean more = page.size() > limit;
        if (more) page = page.subList(0, limit);
        if (json) {
          System.out.println(Json.write(dev.grounded.server.Views.documentPage(page, more)));
        } else {
          if (page.isEmpty()) System.out.println("no documents");
          for (ManifestEntry e : page)
            System.out.printf(
                "%s  %d chunks  v%d  %s%n",
                e.documentId(),
                e.chunks(),
                e.version(),
                Instant.ofEpochMilli(e.ingestedAtMillis()).toString());
          if (more)
            System.out.println(
                "more: --after '" + page.getLast().documentId().replace("'", "'\\''") + "'");
        }
        return 0;
      }
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "delete",
      description = "Delete a document: its chunks leave the index at once.")
  static final class Delete implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Parameters(paramLabel = "ID", description = "The document's id (see 'documents list').")
    String id;

    @Option(names = "--json", description = "Print as JSON, as the API's DELETE answers.")
    boolean json;

    @Override
    public Integer call() {
      String collection = common.collection();
      try (App app = common.app()) {
        if (!app.kb().deleteDocument(collection, id))
          throw GroundedException.notFound("no document '" + id + "'");
        System.out.println(
            json
                ? Json.write(CollectionsCommand.deleted(id, "document.deleted"))
                : "deleted document '" + id + "'");
        return 0;
      }
    }
  }
}
