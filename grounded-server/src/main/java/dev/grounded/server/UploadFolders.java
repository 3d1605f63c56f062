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
 * per upload; Jetty spills large multipart parts into {@code <data>/tmp/server-<pid>} too. Opening
 * removes any earlier folder of this process and creates this server's; a job resumed from a server
 * that died {@link #adopt adopts} its upload, then {@link #removeStale} removes the folders of
 * servers no longer running (killed, crashed); {@link #close()} removes this server's, after a job
 * left unfinished by the stop {@link #park parked} its upload for the next server. Thread-safe.
 */
final class UploadFolders implements AutoCloseable {
  private static final Pattern SERVER = Pattern.compile("server-(\\d+)");
  private static final String PARKED = "parked";
  private final Path root;

  UploadFolders(Path tmp) {
    long pid = ProcessHandle.current().pid();
    this.root = tmp.resolve("server-" + pid);
    delete(root);
    createRoot();
  }

  /**
   * Removes the folders of servers no longer running and the parked uploads (those no job adopted).
   */
  void removeStale() {
    Path tmp = root.getParent();
    if (Files.isDirectory(tmp)) clean(tmp, ProcessHandle.current().pid());
    delete(tmp.resolve(PARKED));
  }

  /**
   * Moves the upload folder {@code dir} of a job left unfinished by a stop out of this server's
   * folder, to {@code <data>/tmp/parked}, where the next server adopts it; returns where it went.
   */
  Path park(Path dir) {
    Path parked = root.getParent().resolve(PARKED);
    try {
      dev.grounded.core.PrivateFiles.directory(parked);
      return Files.move(dir, parked.resolve(dir.getFileName()));
    } catch (IOException e) {
      throw new GroundedException(
          ErrorCode.STORAGE_ERROR, "cannot park the upload " + dir + ": " + e, null, e);
    }
  }

  /**
   * Moves the upload folder {@code dir} of a server that died into this server's folder, for the
   * job resumed from it; throws when it is gone or not an upload folder under {@code <data>/tmp}.
   */
  Path adopt(Path dir) {
    Path tmp = root.getParent();
    Path d = dir.toAbsolutePath().normalize();
    if (!d.startsWith(tmp.toAbsolutePath().normalize())
        || !d.getFileName().toString().startsWith("upload-"))
      throw new GroundedException(
          ErrorCode.STORAGE_ERROR,
          "its upload folder " + dir + " is not one of the server's",
          null,
          null);
    if (d.getParent().equals(root.toAbsolutePath().normalize())) return d;
    if (!Files.isDirectory(d))
      throw new GroundedException(
          ErrorCode.STORAGE_ERROR, "its upload is no longer on disk (" + dir + ")", null, null);
    try {
      createRoot();
      return Files.move(d, root.resolve(d.getFileName()));
    } catch (IOException e) {
      throw new GroundedException(
          ErrorCode.STORAGE_ERROR, "its upload " + dir + " could not be moved: " + e, null, e);
    }
  }

  private static void clean(Path tmp, long pid) {
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp)) {
      for (Path d : dirs) {
        Matcher m = SERVER.matcher(d.getFileName().toString());
        if (!m.matches()) continue;
        long owner = Long.parseLong(m.group(1));
        boolean alive = ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false);
        if (owner != pid && !alive) delete(d);
      }
    } catch (IOException | NumberFormatException e) {
      // nothing to clean, or unreadable: uploads still get fresh folders
    }
  }

  /** Creates this server's folder (owner-only), where Jetty may spill multipart parts. */
  private void createRoot() {
    try {
      dev.grounded.core.PrivateFiles.directory(root.getParent());
      dev.grounded.core.PrivateFiles.directory(root);
    } catch (IOException e) {
      throw new GroundedException(
          ErrorCode.STORAGE_ERROR, "cannot create the upload folder " + root, null, e);
    }
  }

  /** A new private folder for one upload (owner-only permissions). */
  Path create() {
    try {
      createRoot();
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
