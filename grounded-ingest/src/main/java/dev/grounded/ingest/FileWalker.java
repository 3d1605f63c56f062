package dev.grounded.ingest;

import dev.grounded.core.GroundedException;
import dev.grounded.ingest.parse.TikaParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Expands the paths given to an ingest into files, in a stable (sorted) order. Files named
 * explicitly are always taken; inside folders only files with a supported extension are, hidden
 * files and folders skipped.
 */
public final class FileWalker {
  /** What folders are searched for: the extensions the parser reads. */
  public static final Set<String> EXTENSIONS = TikaParser.extensions();

  private FileWalker() {}

  /**
   * What a walk found: the files to ingest, and the files inside folders left out because the
   * parser does not read their kind (hidden files are left out silently).
   */
  public record Walk(List<Path> files, List<Path> unsupported) {
    public Walk {
      files = List.copyOf(files);
      unsupported = List.copyOf(unsupported);
    }
  }

  /**
   * Fails before any work when a path does not exist, naming it, or when there is nothing to
   * ingest.
   */
  public static List<Path> walk(List<Path> roots) {
    return scan(roots).files();
  }

  /** {@link #walk} that also reports the unsupported files it left out. */
  public static Walk scan(List<Path> roots) {
    for (Path root : roots) {
      if (!Files.exists(root))
        throw GroundedException.invalid("path", root + ": no such file or directory");
      if (!Files.isReadable(root)) throw GroundedException.invalid("path", root + ": not readable");
    }
    Set<Path> files = new TreeSet<>();
    Set<Path> unsupported = new TreeSet<>();
    for (Path root : roots) {
      Path abs = root.toAbsolutePath().normalize();
      if (Files.isRegularFile(abs)) files.add(abs);
      else for (Path p : walkFolder(abs)) (supported(p) ? files : unsupported).add(p);
    }
    unsupported.removeAll(files); // also named explicitly
    if (files.isEmpty()) {
      throw GroundedException.invalid(
          "path",
          roots.size() == 1
              ? roots.getFirst()
                  + ": no files to ingest (supported: "
                  + String.join(", ", new TreeSet<>(EXTENSIONS))
                  + ")"
              : "no files to ingest in "
                  + roots
                  + " (supported: "
                  + String.join(", ", new TreeSet<>(EXTENSIONS))
                  + ")");
    }
    return new Walk(new ArrayList<>(files), new ArrayList<>(unsupported));
  }

  /** The folder's regular files that are not hidden, supported or not. */
  private static List<Path> walkFolder(Path folder) {
    try (Stream<Path> s = Files.walk(folder)) {
      return s.filter(Files::isRegularFile).filter(p -> !hidden(folder.relativize(p))).toList();
    } catch (IOException | UncheckedIOException e) {
      Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
      throw GroundedException.invalid("path", folder + ": cannot read: " + cause.getMessage());
    }
  }

  private static boolean hidden(Path relative) {
    for (Path part : relative) if (part.toString().startsWith(".")) return true;
    return false;
  }

  static boolean supported(Path p) {
    String name = p.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }
}
