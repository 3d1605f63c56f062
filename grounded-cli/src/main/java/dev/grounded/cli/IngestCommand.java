package dev.grounded.cli;

import dev.grounded.ingest.IngestListener;
import dev.grounded.ingest.IngestSummary;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    mixinStandardHelpOptions = true,
    name = "ingest",
    description =
        "Parse, chunk, embed and index files and folders (txt, md, html, pdf, docx, ...).")
final class IngestCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files or folders to ingest.")
  List<Path> paths;

  @Option(names = "--json", description = "Print the summary as one JSON object.")
  boolean json;

  @Option(names = "--prune", description = "Drop documents whose files no longer exist.")
  boolean prune;

  @Option(names = "--quiet", description = "No progress output.")
  boolean quiet;

  @Option(
      names = "--lock-wait",
      paramLabel = "SECONDS",
      description =
          "How long to wait for a collection another process (a server's ingest) is writing, then"
              + " fail with a conflict (default: $GROUNDED_LOCK_WAIT or 30).")
  Integer lockWait;

  @Override
  public Integer call() {
    String collection = common.collection();
    try (App app = new App(common.dataDir(), App.lockWait(lockWait))) {
      IngestListener progress = quiet || json ? failuresOnly() : Progress.onStderr();
      IngestSummary s = app.kb().ingestPaths(collection, paths, prune, progress);
      System.out.println(json ? Json.write(toJson(s)) : human(s));
      return s.failed() == 0 ? 0 : 1;
    }
  }

  private static IngestListener failuresOnly() {
    return e -> {
      if (e instanceof dev.grounded.ingest.IngestEvent.Failed f)
        System.err.println("failed: " + f.reason());
    };
  }

  static Map<String, Object> toJson(IngestSummary s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("files", s.files());
    m.put("documents", s.documents());
    m.put("chunks", s.chunks());
    m.put("embedded", s.embedded());
    m.put("skipped", s.skipped());
    m.put("failed", s.failed());
    m.put("pruned", s.pruned());
    m.put("seconds", Math.round(s.seconds() * 1000) / 1000.0);
    return m;
  }

  static String human(IngestSummary s) {
    return String.format(
        Locale.ROOT,
        "%d files: %d chunks embedded, %d unchanged, %d failed%s in %.1f s; collection now has %d documents, %d chunks",
        s.files(),
        s.embedded(),
        s.skipped(),
        s.failed(),
        s.pruned() > 0 ? ", " + s.pruned() + " pruned" : "",
        s.seconds(),
        s.documents(),
        s.chunks());
  }
}
