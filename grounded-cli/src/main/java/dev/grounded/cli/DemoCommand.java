package dev.grounded.cli;

import dev.grounded.core.Answer;
import dev.grounded.core.GroundedException;
import dev.grounded.index.LuceneSearcher;
import dev.grounded.ingest.IngestSummary;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    mixinStandardHelpOptions = true,
    name = "demo",
    description =
        "Ingest the bundled demo corpus (public-domain Python PEPs in md, html, pdf, docx, txt),"
            + " ask a few questions and print the cited answers. Offline.")
final class DemoCommand implements Callable<Integer> {
  static final String RESOURCE_DIR = "demo/";
  static final String COLLECTION = "demo";

  @Mixin CommonOptions common;

  @Override
  public Integer call() throws IOException {
    String collection = common.collection != null ? common.collection() : COLLECTION;
    Path corpus = common.dataDir().resolve("demo-corpus");
    List<String> files = lines("files.txt");
    extract(files, corpus);
    try (App app = common.app()) {
      System.out.println(
          "Ingesting the demo corpus (" + files.size() + " documents) from " + corpus + " ...");
      IngestSummary s =
          app.kb().ingestPaths(collection, List.of(corpus), true, Progress.onStderr());
      System.out.println(IngestCommand.human(s));
      try (LuceneSearcher searcher = app.kb().searcher(collection)) {
        var asker = app.asker(collection, searcher);
        for (String q : questions()) {
          Answer a = asker.ask(q, 5);
          System.out.println();
          System.out.println("Q: " + q);
          System.out.println("A: " + AskCommand.human(a).replace("\n", "\n   "));
        }
      }
      System.out.println();
      System.out.println(
          "Try your own: "
              + System.getProperty("grounded.command", "grounded")
              + " ask --collection "
              + collection
              + " \"your question\"");
      return s.failed() == 0 ? 0 : 1;
    }
  }

  static List<String> questions() throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : lines("questions.txt")) {
      if (line.startsWith("#")) {
        if (line.startsWith("# expected")) break;
        continue;
      }
      out.add(line);
    }
    return out;
  }

  private static List<String> lines(String name) throws IOException {
    try (InputStream in = resource(name);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return r.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
  }

  private static void extract(List<String> files, Path dir) throws IOException {
    dev.grounded.core.PrivateFiles.directory(dir);
    for (String f : files) {
      try (InputStream in = resource(f)) {
        Path target = dir.resolve(f);
        Path tmp = dir.resolve("." + f + ".tmp");
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(
            tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
    }
  }

  private static InputStream resource(String name) {
    InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + name);
    if (in == null)
      throw new GroundedException(
          dev.grounded.core.ErrorCode.INTERNAL, "demo resource missing: " + name);
    return in;
  }
}
