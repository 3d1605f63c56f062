package dev.grounded.core;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Creates the data directory's folders and files readable by their owner only: folders {@code
 * rwx------} (0700), files {@code rw-------} (0600). The data directory holds API key hashes,
 * documents and answers, so other users of the machine must not read it. On a file system without
 * POSIX permissions the calls create without restricting.
 */
public final class PrivateFiles {
  private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private PrivateFiles() {}

  /**
   * Creates {@code dir} and any missing parents; each folder this call creates is 0700, and {@code
   * dir} itself is made 0700 when it existed already. Parents that existed keep their permissions.
   */
  public static Path directory(Path dir) throws IOException {
    Path abs = createMissing(dir);
    restrictUnlessShared(abs);
    return abs;
  }

  private static Path createMissing(Path dir) throws IOException {
    Path abs = dir.toAbsolutePath().normalize();
    List<Path> missing = new ArrayList<>();
    for (Path p = abs; p != null && !Files.exists(p); p = p.getParent()) missing.add(p);
    for (Path p : missing.reversed()) {
      try {
        if (posix(p)) Files.createDirectory(p, attribute(DIR));
        else Files.createDirectory(p);
      } catch (FileAlreadyExistsException e) {
        // created concurrently: fine as long as it is a folder (checked below)
      }
    }
    if (!Files.isDirectory(abs)) throw new IOException(abs + ": not a directory");
    return abs;
  }

  private static void restrictUnlessShared(Path dir) throws IOException {
    if (!shared(dir)) restrict(dir, DIR);
  }

  /**
   * Creates {@code file} empty with 0600 when it does not exist (so that a program opening it next,
   * such as SQLite, keeps those permissions and gives them to its journal files), else makes it
   * 0600. Missing folders above it are created 0700; existing ones are left as they are (call
   * {@link #directory} for the data directory itself).
   */
  public static Path file(Path file) throws IOException {
    Path abs = file.toAbsolutePath().normalize();
    createMissing(abs.getParent());
    if (!Files.exists(abs)) {
      try {
        if (posix(abs.getParent())) Files.createFile(abs, attribute(FILE));
        else Files.createFile(abs);
      } catch (FileAlreadyExistsException e) {
        // created concurrently: restricted below
      }
    }
    restrict(abs, FILE);
    return abs;
  }

  /**
   * Makes every regular file directly inside {@code dir} 0600: for files another library created
   * there with the process's umask (Lucene's segment files).
   */
  public static void restrictFiles(Path dir) throws IOException {
    if (!posix(dir)) return;
    try (var files = Files.newDirectoryStream(dir, Files::isRegularFile)) {
      for (Path f : files) {
        try {
          restrict(f, FILE);
        } catch (java.nio.file.NoSuchFileException e) {
          // deleted meanwhile (a merged-away segment)
        }
      }
    }
  }

  /**
   * A folder that others legitimately use and that must keep its permissions even when pointed at
   * as a data directory by mistake: the file system root, the home folder, a sticky folder such as
   * {@code /tmp}.
   */
  private static boolean shared(Path dir) {
    if (dir.getParent() == null) return true;
    if (dir.equals(Path.of(System.getProperty("user.home")).toAbsolutePath().normalize()))
      return true;
    try {
      Object mode = Files.getAttribute(dir, "unix:mode");
      return mode instanceof Integer m && (m & 01000) != 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }

  private static void restrict(Path p, Set<PosixFilePermission> perms) throws IOException {
    if (!posix(p) || Files.getPosixFilePermissions(p).equals(perms)) return;
    try {
      Files.setPosixFilePermissions(p, perms);
    } catch (java.nio.file.AccessDeniedException e) {
      // not ours (a mounted volume, a shared folder): use it as its owner set it
    }
  }

  private static boolean posix(Path p) {
    Path existing = p;
    while (existing != null && !Files.exists(existing)) existing = existing.getParent();
    return existing != null
        && existing.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> p) {
    return PosixFilePermissions.asFileAttribute(p);
  }
}
