package dev.grounded.ingest;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.core.Metadata;
import dev.grounded.ingest.parse.ParsedDocument;
import dev.grounded.ingest.parse.Parser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A file uploaded over HTTP: the bytes wait in a temporary file; the document id is the caller's,
 * and {@code source} is the name the file had on the client (shown to users, and what the built-in
 * {@code filename} and {@code format} metadata derive from). The content hash is the SHA-256 of the
 * bytes and the settings salt, as for a {@link FileSource}.
 *
 * <p>The parser picks the format by the file's extension, else by sniffing its content, so the
 * temporary file should keep the upload's extension (e.g. {@code Files.createTempFile(dir,
 * "upload-", ".pdf")}). Parse results and errors name {@code source}, never the temporary path.
 * Deleting the temporary file after the ingest is the caller's job.
 */
public final class UploadSource implements SourceDocument {
  public static final int MAX_ID_CHARS = 256;
  public static final int MAX_SOURCE_CHARS = Metadata.MAX_VALUE_CHARS;

  private final String documentId;
  private final String source;
  private final Path file;
  private final Map<String, String> metadata;
  private final Parser parser;
  private final String salt;
  private String hash;
  private ParsedDocument parsed;

  /**
   * @param documentId 1-{@value #MAX_ID_CHARS} characters, no control characters
   * @param source the client's file name, 1-{@value #MAX_SOURCE_CHARS} characters, no control
   *     characters
   * @param metadata valid per {@link Metadata#check}
   * @param salt mixed into the content hash: the ingest settings, see {@link FileSource}
   */
  public UploadSource(
      String documentId,
      String source,
      Path file,
      Map<String, String> metadata,
      Parser parser,
      String salt) {
    this.documentId = checkDocumentId(documentId);
    this.source = checkText("source", "source name", source, MAX_SOURCE_CHARS);
    this.file = Objects.requireNonNull(file, "file");
    this.metadata = Metadata.check(metadata);
    this.parser = Objects.requireNonNull(parser, "parser");
    this.salt = Objects.requireNonNull(salt, "salt");
  }

  /**
   * Validates a caller-given document id; returns it. Besides length and control characters, no
   * {@code /}-separated part of it may be {@code .} or {@code ..}: clients normalise such URL
   * segments away, so {@code DELETE .../documents/..} would reach the collection itself.
   */
  public static String checkDocumentId(String documentId) {
    checkText("document_id", "document id", documentId, MAX_ID_CHARS);
    for (String part : documentId.split("[/\\\\]", -1))
      if (part.equals(".") || part.equals(".."))
        throw GroundedException.invalid(
            "document_id",
            "invalid document id '" + documentId + "': '.' and '..' are not allowed as id parts");
    return documentId;
  }

  private static String checkText(String param, String what, String value, int max) {
    if (value == null || value.isEmpty() || value.length() > max)
      throw GroundedException.invalid(
          param, "invalid " + what + ": it must have 1-" + max + " characters");
    if (value.codePoints().anyMatch(Character::isISOControl))
      throw GroundedException.invalid(param, "invalid " + what + ": it has control characters");
    return value;
  }

  @Override
  public String documentId() {
    return documentId;
  }

  @Override
  public String source() {
    return source;
  }

  @Override
  public Map<String, String> metadata() {
    return metadata;
  }

  @Override
  public synchronized String contentHash() {
    if (hash == null) {
      try {
        hash = Hashing.contentHash(file, salt);
      } catch (IOException e) {
        throw new GroundedException(
            ErrorCode.INVALID_REQUEST, source + ": cannot read upload: " + e.getMessage(), null, e);
      }
    }
    return hash;
  }

  /**
   * Parses the file once and keeps the result, so an upload checked at request time (to refuse a
   * bad file at once) is not parsed again by the ingest that follows.
   */
  @Override
  public synchronized ParsedDocument parse() {
    if (parsed == null) parsed = parseFile();
    return parsed;
  }

  private ParsedDocument parseFile() {
    ParsedDocument parsed;
    try {
      parsed = parser.parse(file);
    } catch (GroundedException e) {
      String message =
          e.getMessage()
              .replace(file.toString(), source)
              .replace(file.getFileName().toString(), source);
      throw new GroundedException(e.code(), message, e.param().orElse(null), e);
    }
    String fallbackTitle = baseName(file.getFileName().toString());
    String title =
        parsed.title().equals(fallbackTitle)
            ? baseName(SourceMetadata.fileName(source))
            : parsed.title();
    return new ParsedDocument(source, title, parsed.text(), parsed.sections());
  }

  private static String baseName(String name) {
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
