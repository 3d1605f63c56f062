package dev.grounded.ingest;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.ingest.parse.ParsedDocument;
import dev.grounded.ingest.parse.Parser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file on disk. Its id derives from its absolute path, so the same file ingested again replaces
 * itself.
 */
public final class FileSource implements SourceDocument {
  private final Path path;
  private final String source;
  private final Parser parser;
  private final String salt;
  private String hash;

  /**
   * @param salt mixed into the content hash: the ingest settings (model, chunk size) that, when
   *     changed, must redo the work even for unchanged bytes
   */
  public FileSource(Path path, Parser parser, String salt) {
    this(path, null, parser, salt);
  }

  /**
   * @param source the name users and models see, e.g. the path relative to a server's ingest root;
   *     null for the absolute path
   */
  public FileSource(Path path, String source, Parser parser, String salt) {
    this.path = Objects.requireNonNull(path, "path").toAbsolutePath().normalize();
    this.source = source == null ? this.path.toString() : source;
    this.parser = Objects.requireNonNull(parser, "parser");
    this.salt = Objects.requireNonNull(salt, "salt");
  }

  public Path path() {
    return path;
  }

  @Override
  public String documentId() {
    return Hashing.sha256(path.toString()).substring(0, 24);
  }

  @Override
  public String source() {
    return source;
  }

  @Override
  public synchronized String contentHash() {
    if (hash == null) {
      try {
        hash = Hashing.contentHash(path, salt);
      } catch (IOException e) {
        throw new GroundedException(
            ErrorCode.INVALID_REQUEST, shown(path + ": cannot read: " + e.getMessage()), "path", e);
      }
    }
    return hash;
  }

  @Override
  public ParsedDocument parse() {
    if (source.equals(path.toString())) return parser.parse(path);
    ParsedDocument parsed;
    try {
      parsed = parser.parse(path);
    } catch (GroundedException e) {
      throw new GroundedException(e.code(), shown(e.getMessage()), e.param().orElse(null), e);
    }
    return new ParsedDocument(source, parsed.title(), parsed.text(), parsed.sections());
  }

  /** A message with the file's absolute path replaced by its shown name. */
  private String shown(String message) {
    return message.replace(path.toString(), source);
  }
}
