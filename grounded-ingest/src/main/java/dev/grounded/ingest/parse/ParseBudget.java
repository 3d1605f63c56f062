package dev.grounded.ingest.parse;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import java.nio.file.Path;

/**
 * The limits of one parse of one file, and the first one it broke. Readers call the checks as they
 * go; a broken limit is recorded here as well as thrown, so a library that swallows or rewraps the
 * exception cannot hide it: {@link TikaParser} asks {@link #violation()} after every parse. One
 * instance per parse; checks may come from the parsing thread only.
 */
final class ParseBudget {
  /** POI's grace: an entry's ratio is not judged before it has inflated this much. */
  static final long ZIP_GRACE_BYTES = 100 * 1024;

  private final Path file;
  private final ParseLimits limits;
  private final long deadline;
  private GroundedException violation;

  ParseBudget(Path file, ParseLimits limits) {
    this.file = file;
    this.limits = limits;
    this.deadline = System.nanoTime() + limits.parseTimeout().toNanos();
  }

  ParseLimits limits() {
    return limits;
  }

  /** The first limit broken, or null. */
  GroundedException violation() {
    return violation;
  }

  /** Null when within the time allowed, else the message of the violation (recorded). */
  String checkTime() {
    if (violation == null && System.nanoTime() - deadline > 0) {
      exceed(
          ErrorCode.UNPARSEABLE_DOCUMENT,
          "parsing took longer than the limit of "
              + limits.parseTimeout().toMillis()
              + " ms (ingest.parse_timeout)");
    }
    return message();
  }

  /**
   * For readers that are not SAX handlers: throws {@link Exhausted} (the violation is recorded)
   * when the time is up.
   */
  void stopIfOutOfTime() {
    if (checkTime() != null) throw new Exhausted();
  }

  String checkPages(long pages) {
    if (violation == null && pages > limits.maxPages()) {
      exceed(
          ErrorCode.PAYLOAD_TOO_LARGE,
          "the document has "
              + pages
              + " pages, more than the limit of "
              + limits.maxPages()
              + " (ingest.max_pages)");
    }
    return message();
  }

  String checkChars(long chars) {
    if (violation == null && chars > limits.maxChars()) charsExceeded();
    return message();
  }

  void charsExceeded() {
    exceed(
        ErrorCode.PAYLOAD_TOO_LARGE,
        "the extracted text exceeds the limit of "
            + limits.maxChars()
            + " characters (ingest.max_chars)");
  }

  /** Checks an entry of a zip-based document after it has inflated {@code inflated} bytes. */
  String checkZipEntry(String entry, long compressed, long inflated) {
    if (violation != null) return message();
    if (inflated > limits.zipMaxEntryBytes()) {
      exceed(
          ErrorCode.PAYLOAD_TOO_LARGE,
          "zip entry "
              + entry
              + " inflates to more than the limit of "
              + limits.zipMaxEntryBytes()
              + " bytes (ingest.zip_max_entry_bytes)");
    } else if (inflated > ZIP_GRACE_BYTES && compressed < inflated * limits.zipMinInflateRatio()) {
      exceed(
          ErrorCode.UNPARSEABLE_DOCUMENT,
          "zip bomb: entry "
              + entry
              + " inflates "
              + (compressed == 0 ? "without bound" : inflated / compressed + " times")
              + ", more than the ratio "
              + limits.zipMinInflateRatio()
              + " allows (ingest.zip_min_inflate_ratio)");
    }
    return message();
  }

  void exceed(ErrorCode code, String reason) {
    if (violation == null)
      violation = new GroundedException(code, file + ": " + reason, null, null);
  }

  private String message() {
    return violation == null ? null : violation.getMessage();
  }

  /** The parse is out of time; see {@link #violation()}. */
  static final class Exhausted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Exhausted() {
      super(null, null, false, false);
    }
  }
}
