package dev.grounded.ingest.parse;

import java.nio.file.Path;

/**
 * Turns a file into text with structure. Throws {@link dev.grounded.core.GroundedException}: {@code
 * INVALID_REQUEST} when the file cannot be read, {@code UNSUPPORTED_MEDIA_TYPE} for a type it does
 * not handle, {@code UNPARSEABLE_DOCUMENT} when the content is corrupt, encrypted, a decompression
 * bomb or too slow to parse, {@code PAYLOAD_TOO_LARGE} when it is over a size limit.
 */
@FunctionalInterface
public interface Parser {
  ParsedDocument parse(Path file);
}
