package dev.grounded.ingest.parse;

import java.time.Duration;
import java.util.Objects;

/**
 * What one document may cost to ingest. A document over a limit fails alone, with a {@link
 * dev.grounded.core.GroundedException} that names the file, the limit and its setting: {@code
 * PAYLOAD_TOO_LARGE} (413) when it is simply too big (pages, characters, chunks, an inflated zip
 * entry), {@code UNPARSEABLE_DOCUMENT} (422) when it is built to hurt (a zip entry that inflates
 * more than {@code 1 / zipMinInflateRatio} times) or takes too long to parse. Limits are checked
 * while parsing, so an oversized document is stopped early, never read whole first.
 *
 * <p>The defaults ({@link #DEFAULTS}) admit real documents (a 2,000-page manual, a 300-slide deck)
 * and refuse decompression bombs and machine-made giants.
 *
 * @param maxPages pages a PDF may have ({@code ingest.max_pages}); a PDF declaring more is refused
 *     before its text is read
 * @param maxChars characters of extracted text a document may yield ({@code ingest.max_chars})
 * @param maxChunks chunks a document may be cut into ({@code ingest.max_chunks}): bounds its
 *     embedding time; enforced by the ingest, after chunking, before embedding
 * @param parseTimeout wall-clock time a file's parse may take ({@code ingest.parse_timeout}); the
 *     parse is stopped at the next text or structure event or read of a zip entry after it
 * @param zipMaxEntryBytes bytes one entry of a zip-based document (DOCX, PPTX) may inflate to
 *     ({@code ingest.zip_max_entry_bytes})
 * @param zipMinInflateRatio the least compressed/inflated size ratio of a zip entry past its first
 *     100 KiB ({@code ingest.zip_min_inflate_ratio}); 0.01 allows 100:1
 */
public record ParseLimits(
    int maxPages,
    int maxChars,
    int maxChunks,
    Duration parseTimeout,
    long zipMaxEntryBytes,
    double zipMinInflateRatio) {

  public static final ParseLimits DEFAULTS =
      new ParseLimits(5_000, 20_000_000, 20_000, Duration.ofMinutes(5), 128L << 20, 0.01);

  public ParseLimits {
    positive("ingest.max_pages", maxPages);
    positive("ingest.max_chars", maxChars);
    positive("ingest.max_chunks", maxChunks);
    Objects.requireNonNull(parseTimeout, "parseTimeout");
    if (parseTimeout.isNegative() || parseTimeout.isZero())
      throw new IllegalArgumentException("ingest.parse_timeout must be positive: " + parseTimeout);
    positive("ingest.zip_max_entry_bytes", zipMaxEntryBytes);
    if (!(zipMinInflateRatio >= 0 && zipMinInflateRatio < 1))
      throw new IllegalArgumentException(
          "ingest.zip_min_inflate_ratio must be in [0, 1): " + zipMinInflateRatio);
  }

  public ParseLimits withMaxPages(int maxPages) {
    return new ParseLimits(
        maxPages, maxChars, maxChunks, parseTimeout, zipMaxEntryBytes, zipMinInflateRatio);
  }

  public ParseLimits withMaxChars(int maxChars) {
    return new ParseLimits(
        maxPages, maxChars, maxChunks, parseTimeout, zipMaxEntryBytes, zipMinInflateRatio);
  }

  public ParseLimits withMaxChunks(int maxChunks) {
    return new ParseLimits(
        maxPages, maxChars, maxChunks, parseTimeout, zipMaxEntryBytes, zipMinInflateRatio);
  }

  public ParseLimits withParseTimeout(Duration parseTimeout) {
    return new ParseLimits(
        maxPages, maxChars, maxChunks, parseTimeout, zipMaxEntryBytes, zipMinInflateRatio);
  }

  public ParseLimits withZipMaxEntryBytes(long zipMaxEntryBytes) {
    return new ParseLimits(
        maxPages, maxChars, maxChunks, parseTimeout, zipMaxEntryBytes, zipMinInflateRatio);
  }

  public ParseLimits withZipMinInflateRatio(double zipMinInflateRatio) {
    return new ParseLimits(
        maxPages, maxChars, maxChunks, parseTimeout, zipMaxEntryBytes, zipMinInflateRatio);
  }

  private static void positive(String setting, long value) {
    if (value < 1) throw new IllegalArgumentException(setting + " must be >= 1: " + value);
  }
}
