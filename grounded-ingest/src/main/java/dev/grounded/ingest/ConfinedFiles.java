package dev.grounded.ingest;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.ingest.parse.ParsedDocument;
import dev.grounded.ingest.parse.Parser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The files of an ingest a server runs on its own disk, confined to its ingest roots. Every file is
 * checked by its real path (symbolic links resolved), so a link inside a root cannot bring in a
 * file outside it; such a file becomes a source that fails alone. A confined file is read at its
 * real path (a link swapped after the check is not followed) and named by its path relative to its
 * root, so server paths reach neither clients nor models.
 */
final class ConfinedFiles {
  private ConfinedFiles() {}

  /**
   * @param files absolute files, as {@link FileWalker#walk} returns them
   * @param roots the real paths of the allowed folders
   */
  static List<SourceDocument> sources(
      List<Path> files, List<Path> roots, Parser parser, String salt) {
    List<SourceDocument> out = new ArrayList<>(files.size());
    for (Path file : files) {
      Optional<Path> real = realPath(file);
      Optional<Path> root = real.flatMap(r -> rootOf(r, roots));
      String shown = shownName(file, roots);
      if (root.isEmpty()) out.add(new Refused(file, shown));
      else
        out.add(
            new FileSource(real.get(), root.get().relativize(real.get()).toString(), parser, salt));
    }
    return out;
  }

  private static Optional<Path> realPath(Path file) {
    try {
      return Optional.of(file.toRealPath());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<Path> rootOf(Path real, List<Path> roots) {
    for (Path root : roots) if (real.startsWith(root)) return Optional.of(root);
    return Optional.empty();
  }

  /** The name a refused file is reported under: its place inside a root, never its target. */
  private static String shownName(Path file, List<Path> roots) {
    for (Path root : roots) if (file.startsWith(root)) return root.relativize(file).toString();
    Path name = file.getFileName();
    return name == null ? "?" : name.toString();
  }

  /** A file that resolves outside every root: it fails alone, before anything reads it. */
  private record Refused(Path file, String source) implements SourceDocument {
    @Override
    public String documentId() {
      return Hashing.sha256(file.toString()).substring(0, 24);
    }

    @Override
    public String contentHash() {
      throw new GroundedException(
          ErrorCode.FORBIDDEN,
          source + ": resolves outside the server's ingest roots (a symbolic link?); not ingested",
          "path",
          null);
    }

    @Override
    public ParsedDocument parse() {
      throw new IllegalStateException("a refused file is never parsed");
    }
  }
}
