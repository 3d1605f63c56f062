package dev.grounded.server;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where uploads wait for their job: {@code <data>/tmp/server-<pid>/upload-*}, one private folder
 * per upload. Opening removes the folders of servers no longer running (killed, crashed) and any
 * earlier one of this process; {@link #close()} removes this server's. Thread-safe.
 */
final class UploadFolders implements AutoCloseable {
  private static final Pattern SERVER = Pattern.compile("server-(\\d+)");
  private final Path root;

  UploadFolders(Path tmp) {
    long pid = ProcessHandle.current().pid();
    this.root = tmp.resolve("server-" + pid);
    if (!Files.isDirectory(tmp)) return;
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp)) {
      for (Path d : dirs) {
        Matcher m = SERVER.matcher(d.getFileName().toString());
        if (!m.matches()) continue;
        long owner = Long.parseLong(m.group(1));
        boolean alive = ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false);
        if (owner == pid || !alive) delete(d);
      }
    } catch (IOException | NumberFormatException e) {
      // nothing to clean, or unreadable: uploads still get fresh folders
    }
  }

  /** A new private folder for one upload (owner-only permissions). */
  Path create() {
    try {
      Files.createDirectories(root);
      return Files.createTempDirectory(root, "upload-");
    } catch (IOException e) {
      throw new GroundedException(
          ErrorCode.STORAGE_ERROR, "cannot create an upload folder under " + root, null, e);
    }
  }

  /** This server's folder of uploads. */
  Path root() {
    return root;
  }

  /** Removes a folder and what is in it; a failure leaves it for the next start to remove. */
  static void delete(Path dir) {
    if (!Files.exists(dir)) return;
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // removed at the next start
    }
  }

  @Override
  public void close() {
    delete(root);
  }
}
