package dev.grounded.ingest;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Counts files of a directory mapped into this JVM (Linux only; skips the test elsewhere). */
final class MappedFiles {
  private MappedFiles() {}

  static long under(Path dir) throws IOException {
    Path maps = Path.of("/proc/self/maps");
    assumeThat(Files.isReadable(maps)).as("/proc/self/maps is available").isTrue();
    String prefix = dir.toRealPath().toString();
    return Files.readAllLines(maps).stream().filter(l -> l.contains(prefix)).count();
  }
}
