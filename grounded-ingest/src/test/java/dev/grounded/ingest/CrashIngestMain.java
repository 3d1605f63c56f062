package dev.grounded.ingest;

import java.nio.file.Path;
import java.util.List;

/**
 * Child process of {@link CrashRecoveryTest}: ingests a folder with frequent commits, printing each
 * commit.
 */
public final class CrashIngestMain {
  private CrashIngestMain() {}

  public static void main(String[] args) {
    IngestOptions frequent = new IngestOptions(8, 4, 5, 60_000);
    try (KnowledgeBase kb = Fixtures.knowledgeBase(Path.of(args[0]), frequent)) {
      kb.ingestPaths(
          "c",
          List.of(Path.of(args[1])),
          false,
          event -> {
            if (event instanceof IngestEvent.Committed c) {
              System.out.println("COMMITTED " + c.documents());
              System.out.flush();
            }
          });
    }
    System.out.println("DONE");
    System.exit(0);
  }
}
