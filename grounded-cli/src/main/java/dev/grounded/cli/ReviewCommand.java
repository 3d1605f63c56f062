package dev.grounded.cli;

import dev.grounded.audit.review.ReviewItem;
import dev.grounded.audit.review.ReviewStore;
import dev.grounded.core.GroundedException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code grounded review list|show|resolve}: the queue of answers waiting for a person. */
@Command(
    mixinStandardHelpOptions = true,
    name = "review",
    description =
        "The review queue: answers users rated bad, the guardrails blocked, or whose citations"
            + " failed the check; resolve each with its cause and the right answer.",
    subcommands = {
      ReviewCommand.ListItems.class,
      ReviewCommand.Show.class,
      ReviewCommand.Resolve.class
    })
final class ReviewCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing subcommand: try 'grounded review list --help'");
  }

  @Command(mixinStandardHelpOptions = true, name = "list", description = "List review items.")
  static final class ListItems implements Callable<Integer> {
    @Mixin DataOption data;

    @Option(
        names = "--status",
        paramLabel = "STATUS",
        description = "open or resolved (default: both).")
    String status;

    @Option(names = "--tenant", paramLabel = "TENANT", description = "Only this tenant's items.")
    String tenant;

    @Option(names = "--json", description = "Print JSON lines.")
    boolean json;

    @Override
    public Integer call() {
      if (status != null && !status.equals("open") && !status.equals("resolved"))
        throw Usage.error("status", "--status must be open or resolved, not '" + status + "'");
      try (ReviewStore store = ReviewStore.open(data.database())) {
        for (ReviewItem i :
            store.list(
                Optional.ofNullable(tenant), Optional.ofNullable(status), 0, Integer.MAX_VALUE)) {
          if (json) System.out.println(ReviewStore.json(i));
          else
            System.out.println(
                i.id()
                    + "  "
                    + i.status()
                    + "  "
                    + i.reason()
                    + "  "
                    + i.tenant()
                    + "/"
                    + i.collection()
                    + "  "
                    + i.requestId()
                    + (i.detail().isEmpty() ? "" : "  " + i.detail())
                    + (i.open() ? "" : "  -> " + i.cause()));
        }
      }
      return 0;
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "show", description = "Show one item as JSON.")
  static final class Show implements Callable<Integer> {
    @Mixin DataOption data;

    @Parameters(paramLabel = "ID", description = "The item's id.")
    long id;

    @Override
    public Integer call() {
      try (ReviewStore store = ReviewStore.open(data.database())) {
        ReviewItem i =
            store
                .get(Optional.empty(), id)
                .orElseThrow(() -> GroundedException.notFound("no review item " + id));
        System.out.println(Json.write(ReviewStore.json(i)));
      }
      return 0;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "resolve",
      description = "Record an item's cause and, where there is one, the right answer.")
  static final class Resolve implements Callable<Integer> {
    @Mixin DataOption data;

    @Parameters(paramLabel = "ID", description = "The item's id.")
    long id;

    @Option(
        names = "--cause",
        required = true,
        paramLabel = "CAUSE",
        description =
            "retrieval_miss, stale_document, injection, model_error, unanswerable, correct or"
                + " other.")
    String cause;

    @Option(names = "--answer", paramLabel = "TEXT", description = "The right answer.")
    String answer = "";

    @Option(names = "--note", paramLabel = "TEXT", description = "A note for the record.")
    String note = "";

    @Override
    public Integer call() {
      try (ReviewStore store = ReviewStore.open(data.database())) {
        ReviewItem i = store.resolve(Optional.empty(), id, cause, answer, note, Instant.now());
        System.out.println("resolved review item " + i.id() + ": " + i.cause());
      }
      return 0;
    }
  }
}
