package dev.grounded.cli;

import dev.grounded.core.ChunkScan;
import dev.grounded.ingest.IngestListener;
import dev.grounded.ingest.IngestSummary;
import java.nio.file.Path;
import java.time.Duration;
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
      names = {"-v", "--verbose"},
      description =
          "List the files left out (empty, unsupported inside folders) and the documents whose"
              + " files are gone.")
  boolean verbose;

  @Option(
      names = "--untrusted",
      description =
          "Mark every document of this run untrusted (metadata trust=untrusted): its chunks are"
              + " quoted strictly as data, and a guard.rules entry for source.untrusted can keep"
              + " them out of answers.")
  boolean untrusted;

  @Option(
      names = "--lock-wait",
      paramLabel = "DURATION",
      descriptionKey = "ingest.lock_wait",
      converter = SettingConverter.LockWait.class,
      description =
          "How long to wait for a collection another process (a server's ingest) is writing, then"
              + " fail with a conflict: seconds, or with a unit (default: ${DEFAULT-VALUE}).")
  Duration lockWait;

  @Override
  public Integer call() {
    String collection = common.collection();
    try (App app = common.app(lockWait)) {
      IngestListener progress = quiet || json ? failuresOnly() : Progress.onStderr();
      IngestSummary s =
          app.kb()
              .ingestPaths(
                  collection,
                  paths,
                  prune,
                  progress,
                  () -> false,
                  untrusted
                      ? java.util.Map.of(ChunkScan.TRUST_KEY, ChunkScan.UNTRUSTED)
                      : java.util.Map.of());
      if (verbose && !json) listLeftOut(s);
      System.out.println(json ? Json.write(toJson(s, verbose)) : human(s));
      return s.failed() == 0 ? 0 : 1;
    }
  }

  private static IngestListener failuresOnly() {
    return e -> {
      if (e instanceof dev.grounded.ingest.IngestEvent.Failed f)
        System.err.println("failed: " + f.reason());
      if (e instanceof dev.grounded.ingest.IngestEvent.Warning w)
        System.err.println("warning: " + w.message());
    };
  }

  private static void listLeftOut(IngestSummary s) {
    for (String f : s.empty()) System.err.println("skipped (empty): " + f);
    for (String f : s.unsupported()) System.err.println("skipped (unsupported): " + f);
  }

  static Map<String, Object> toJson(IngestSummary s, boolean verbose) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("files", s.files());
    m.put("documents", s.documents());
    m.put("chunks", s.chunks());
    m.put("embedded", s.embedded());
    m.put("skipped", s.skipped());
    m.put("failed", s.failed());
    m.put("pruned", s.pruned());
    m.put("empty", s.empty().size());
    m.put("unsupported", s.unsupported().size());
    m.put("missing", s.missing());
    m.put("seconds", Math.round(s.seconds() * 1000) / 1000.0);
    if (!s.warnings().isEmpty()) m.put("warnings", s.warnings());
    if (verbose) {
      m.put("empty_files", s.empty());
      m.put("unsupported_files", s.unsupported());
    }
    return m;
  }

  static String human(IngestSummary s) {
    StringBuilder out = new StringBuilder(totals(s));
    List<String> left = new java.util.ArrayList<>();
    if (!s.empty().isEmpty()) left.add(count(s.empty().size(), "empty file"));
    if (!s.unsupported().isEmpty())
      left.add(count(s.unsupported().size(), "unsupported file") + " in folders");
    if (!left.isEmpty())
      out.append("\nskipped: ").append(String.join(", ", left)).append(" (--verbose lists them)");
    if (s.missing() > 0)
      out.append("\nnote: ")
          .append(count(s.missing(), "document"))
          .append(s.missing() == 1 ? " whose file is" : " whose files are")
          .append(" gone kept; --prune drops them");
    return out.toString();
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static String totals(IngestSummary s) {
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
