package dev.grounded.cli;

import dev.grounded.core.GroundedException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code grounded} command. Commands only wire stages together; the work is done in the stage
 * modules.
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
      KeysCommand.class,
      JobsCommand.class,
      ServeCommand.class,
      EmbedCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
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
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code: 0 ok, 1 failed, 2 bad usage. */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(Main::onError);
    cli.setParameterExceptionHandler(
        (ex, a) -> {
          PrintWriter err = ex.getCommandLine().getErr();
          err.println("grounded: " + ex.getMessage());
          err.flush();
          return 2;
        });
    return cli.execute(args);
  }

  private static int onError(Exception ex, CommandLine cli, CommandLine.ParseResult parsed) {
    PrintWriter err = cli.getErr();
    if (ex instanceof GroundedException ge) {
      err.println("grounded: error: " + ge.getMessage());
      err.flush();
      return ge.code().httpStatus() < 500 ? 1 : 3;
    }
    err.println("grounded: internal error: " + ex);
    if (System.getenv("GROUNDED_DEBUG") != null) ex.printStackTrace(err);
    err.flush();
    return 3;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"grounded " + (v == null ? "dev" : v)};
    }
  }
}
