package dev.grounded.cli;

import dev.grounded.core.GroundedException;
import dev.grounded.eval.BeirDocument;
import dev.grounded.eval.BeirSource;
import dev.grounded.ingest.IngestSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
    mixinStandardHelpOptions = true,
    name = "eval",
    description = "Evaluate retrieval or answers on a data set; gate a report against a baseline.",
    subcommands = {
      EvalRetrievalCommand.class,
      EvalAnswersCommand.class,
      EvalCalibrateCommand.class,
      EvalAnswerabilityFitCommand.class,
      EvalCodeCommand.class,
      EvalTuneCommand.class,
      EvalGateCommand.class
    })
final class EvalCommand implements Runnable {
  /** The version of the report JSON that every eval command writes and the gate reads. */
  static final String REPORT_SCHEMA = "grounded-eval/1";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing subcommand: try 'grounded eval retrieval --help'");
  }

  /**
   * Syncs a corpus of records into the collection (only changed records are re-embedded) and warns
   * on stderr about records that failed, naming them as {@code what}.
   */
  static void syncCorpus(App app, String collection, List<BeirDocument> records, String what) {
    List<BeirSource> sources = new ArrayList<>(records.size());
    for (BeirDocument d : records) sources.add(new BeirSource(d, app.kb().settingsFingerprint()));
    IngestSummary ingest = app.kb().sync(collection, sources, Progress.onStderr());
    if (ingest.failed() > 0)
      System.err.println("warning: " + ingest.failed() + " " + what + " failed to ingest");
  }

  /** eval-&lt;name&gt;, cleaned to a valid collection name. */
  static String evalCollection(String name) {
    String clean = name.replaceAll("[^A-Za-z0-9_.-]", "-");
    String collection = "eval-" + (clean.isEmpty() ? "corpus" : clean);
    return collection.length() <= 64 ? collection : collection.substring(0, 64);
  }

  static void write(Path jsonFile, Object value) {
    writeText(jsonFile, Json.write(value));
  }

  static void writeText(Path file, String text) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      Files.writeString(file, text);
    } catch (IOException e) {
      throw GroundedException.invalid("output", file + ": cannot write: " + e.getMessage());
    }
  }
}
