package dev.grounded.cli;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code grounded} command. Commands only wire stages together; the work is done in the stage
 * modules.
 *
 * <p>Every error is one line on stderr, {@code grounded: error: ...}, and an exit code: 2 for bad
 * usage, the shape of the command line (an unknown command or option, a missing argument, a value
 * that does not parse as its type, is out of its range or is not one of its choices); 1 for bad
 * input or a failure outside Grounded (a missing or malformed file, an invalid or unknown name, a
 * model endpoint that is down or refuses the key, a port in use); 3 for an internal error, a bug
 * ({@code GROUNDED_DEBUG=1} prints its stack trace).
 */
@Command(
    name = "grounded",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description =
        "Grounded: ingest documents, search them, and answer questions with cited sources.",
    subcommands = {
      IngestCommand.class,
      StatusCommand.class,
      SearchCommand.class,
      AskCommand.class,
      EvalCommand.class,
      DemoCommand.class,
      CollectionsCommand.class,
      DocumentsCommand.class,
      KeysCommand.class,
      PromptsCommand.class,
      AliasesCommand.class,
      LimitsCommand.class,
      CostsCommand.class,
      JobsCommand.class,
      ServeCommand.class,
      EmbedCommand.class,
      RouteCommand.class,
      ConfigCommand.class,
      ModelsCommand.class,
      GuardCommand.class,
      AuditCommand.class,
      ProvenanceCommand.class,
      ForgetCommand.class,
      FeedbackCommand.class,
      ReviewCommand.class,
      DriftCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  static final int USAGE = 2;
  static final int FAILED = 1;
  static final int INTERNAL = 3;

  /**
   * Libraries log through java.util.logging (Lucene's vectorization notice, PDFBox font warnings):
   * keep stderr for us.
   */
  private static final java.util.logging.Logger ROOT_LOGGER =
      java.util.logging.Logger.getLogger("");

  static {
    ROOT_LOGGER.setLevel(java.util.logging.Level.SEVERE);
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing command: try 'grounded --help'");
  }

  public static void main(String[] args) {
    Stderr.restore();
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code: 0 ok, 1 failed, 2 bad usage, 3 internal. */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setDefaultValueProvider(new ConfigDefaults(System.getenv()));
    cli.setExecutionExceptionHandler(Main::onError);
    cli.setParameterExceptionHandler(
        (ex, a) -> {
          PrintWriter err = ex.getCommandLine().getErr();
          err.println("grounded: error: " + oneLine(usageMessage(ex, List.of(a))));
          err.flush();
          return USAGE;
        });
    return cli.execute(args);
  }

  /**
   * picocli's message, naming the option as the user typed it ({@code -k}, not {@code --top}),
   * lower-cased at the start like the others.
   */
  static String usageMessage(CommandLine.ParameterException ex, List<String> args) {
    String message = ex.getMessage() == null ? "bad usage" : ex.getMessage();
    if (message.startsWith("Error: ")) message = message.substring(7); // argument groups' messages
    if (ex.getArgSpec() instanceof CommandLine.Model.OptionSpec o) {
      String typed = typedName(o, args);
      if (typed != null) message = message.replace("'" + o.longestName() + "'", "'" + typed + "'");
    }
    if (message.length() > 1 && Character.isUpperCase(message.charAt(0)))
      message = Character.toLowerCase(message.charAt(0)) + message.substring(1);
    if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty())
      message += " (did you mean " + String.join(" or ", u.getSuggestions()) + "?)";
    return message;
  }

  private static String typedName(CommandLine.Model.OptionSpec o, List<String> args) {
    String found = null;
    for (String arg : args) {
      if (arg.equals("--")) break;
      for (String name : o.names()) {
        boolean shortAttached = name.length() == 2 && arg.length() > 2 && arg.startsWith(name);
        if (arg.equals(name) || arg.startsWith(name + "=") || shortAttached) found = name;
      }
    }
    return found; // the last occurrence: the one whose value picocli kept
  }

  private static int onError(Exception ex, CommandLine cli, CommandLine.ParseResult parsed) {
    PrintWriter err = cli.getErr();
    int code;
    String message;
    if (ex instanceof GroundedException ge) {
      code =
          ge instanceof Usage.BadOption
              ? USAGE
              : ge.code() == ErrorCode.INTERNAL ? INTERNAL : FAILED;
      message = ge.getMessage();
    } else if (ex instanceof UncheckedIOException || ex instanceof IOException) {
      // the disk, the network, permissions: not a bug of ours
      code = FAILED;
      message = ex.getCause() == null ? ex.getMessage() : ex.getMessage() + ": " + ex.getCause();
    } else {
      code = INTERNAL;
      message = "internal error (GROUNDED_DEBUG=1 shows where): " + ex;
    }
    err.println("grounded: error: " + oneLine(message));
    if (System.getenv("GROUNDED_DEBUG") != null) ex.printStackTrace(err);
    err.flush();
    return code;
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", "; ");
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"grounded " + dev.grounded.core.Version.string()};
    }
  }
}
