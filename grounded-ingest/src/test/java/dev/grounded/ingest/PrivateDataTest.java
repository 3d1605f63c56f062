package dev.grounded.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data directory holds documents and key hashes: only its owner may read it. */
class PrivateDataTest {
  @TempDir Path tmp;

  static String perms(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void aNewDataDirectoryItsDatabaseAndItsIndexAreReadableByTheOwnerOnly() throws Exception {
    Path data = tmp.resolve("fresh/data");
    Path docs = Fixtures.write(tmp.resolve("docs/a.md"), Fixtures.markdown("alpha", 2));
    try (KnowledgeBase kb = Fixtures.knowledgeBase(data)) {
      kb.ingestPaths("notes", List.of(docs), false, IngestListener.NONE);
    }
    assertThat(perms(data)).isEqualTo("rwx------");
    assertThat(perms(data.getParent())).isEqualTo("rwx------"); // created by us too
    assertThat(perms(data.resolve("grounded.db"))).isEqualTo("rw-------");
    try (Stream<Path> all = Files.walk(data)) {
      for (Path p : all.toList())
        assertThat(perms(p)).as(data.relativize(p).toString()).matches("rw[x-]------");
    }
  }

  @Test
  void anExistingOpenDataDirectoryIsClosedToOthersWhenOpened() throws Exception {
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path data = Files.createDirectories(tmp.resolve("old-data"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path db = Files.writeString(data.resolve("grounded.db"), "");
    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
    try (KnowledgeBase kb = Fixtures.knowledgeBase(data)) {
      assertThat(kb.collectionExists("nothing")).isFalse();
    }
    assertThat(perms(data)).isEqualTo("rwx------");
    assertThat(perms(db)).isEqualTo("rw-------");
    // the folder it sits in is the user's: left as it was
    assertThat(perms(tmp)).isEqualTo("rwxr-xr-x");
  }
}
