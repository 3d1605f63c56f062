package dev.grounded.cli;

import dev.grounded.ingest.CollectionStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    mixinStandardHelpOptions = true,
    name = "status",
    description = "Collections in the data directory with their documents, chunks and size.")
final class StatusCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--json", description = "Print as JSON.")
  boolean json;

  @Override
  public Integer call() {
    try (App app = common.app()) {
      List<CollectionStats> stats = app.kb().status();
      if (json) {
        List<Map<String, Object>> cols = new ArrayList<>();
        long bytes = 0;
        for (CollectionStats s : stats) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("name", s.name());
          m.put("documents", s.documents());
          m.put("chunks", s.chunks());
          m.put("index_bytes", s.indexBytes());
          cols.add(m);
          bytes += s.indexBytes();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("data", common.dataDir().toAbsolutePath().toString());
        out.put("collections", cols);
        out.put("index_bytes", bytes);
        System.out.println(Json.write(out));
      } else {
        System.out.println("data: " + common.dataDir().toAbsolutePath());
        if (stats.isEmpty()) System.out.println("no collections yet: run 'grounded ingest PATH'");
        for (CollectionStats s : stats) {
          System.out.printf(
              "%-20s %8d documents %10d chunks %10.1f MB%n",
              s.name(), s.documents(), s.chunks(), s.indexBytes() / 1e6);
        }
      }
      return 0;
    }
  }
}
