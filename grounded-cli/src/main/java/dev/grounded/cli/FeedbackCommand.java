package dev.grounded.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.audit.review.ReviewStore;
import dev.grounded.gateway.ledger.CostReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code grounded feedback export --failures}: users' bad ratings as a QA failure set. */
@Command(
    mixinStandardHelpOptions = true,
    name = "feedback",
    description = "Users' ratings of answers (POST /api/feedback) and the failure set they make.",
    subcommands = {FeedbackCommand.Export.class})
final class FeedbackCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing subcommand: try 'grounded feedback export --help'");
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "export",
      description =
          "Write the failure set as QA JSONL (id, question, answers, answerable, collection,"
              + " cause, answer_given), which 'grounded eval answers --dataset' and 'eval gate'"
              + " read: resolved review items (their right answers) and bad ratings users"
              + " corrected.")
  static final class Export implements Callable<Integer> {
    @Mixin DataOption data;

    @Option(
        names = "--failures",
        required = true,
        description = "Export the failure set (the one export there is).")
    boolean failures;

    @Option(names = "--tenant", paramLabel = "TENANT", description = "Only this tenant's.")
    String tenant;

    @Option(
        names = "--since",
        paramLabel = "WHEN",
        description = "Only items from this date, instant or age (7d) on.")
    String since;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FILE",
        defaultValue = "-",
        description = "Where to write (default: standard output).")
    String output;

    @Override
    public Integer call() throws IOException {
      List<ObjectNode> lines;
      try (ReviewStore store = ReviewStore.open(data.database())) {
        lines =
            store.failures(
                Optional.ofNullable(tenant),
                since == null ? Instant.EPOCH : CostReport.since(since, Instant.now()));
      }
      StringBuilder b = new StringBuilder();
      for (ObjectNode l : lines) b.append(l).append('\n');
      if (output.equals("-")) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.print(b);
        out.flush();
      } else {
        Path file = Path.of(output);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, b, StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.err.println("grounded: wrote " + lines.size() + " failures to " + file);
      }
      return 0;
    }
  }
}
