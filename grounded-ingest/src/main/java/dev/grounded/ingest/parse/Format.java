package dev.grounded.ingest.parse;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;

/**
 * The formats {@link TikaParser} reads, found by file extension or, failing that, by detected media
 * type.
 */
enum Format {
  TEXT,
  MARKDOWN,
  RST,
  HTML,
  PDF,
  DOCX,
  PPTX,
  DOC,
  RTF;

  private static final Map<String, Format> BY_EXTENSION =
      Map.ofEntries(
          Map.entry("txt", TEXT),
          Map.entry("text", TEXT),
          Map.entry("md", MARKDOWN),
          Map.entry("markdown", MARKDOWN),
          Map.entry("rst", RST),
          Map.entry("html", HTML),
          Map.entry("htm", HTML),
          Map.entry("xhtml", HTML),
          Map.entry("pdf", PDF),
          Map.entry("docx", DOCX),
          Map.entry("pptx", PPTX),
          Map.entry("doc", DOC),
          Map.entry("rtf", RTF));

  private static final Map<String, Format> BY_TYPE =
      Map.ofEntries(
          Map.entry("text/x-web-markdown", MARKDOWN),
          Map.entry("text/markdown", MARKDOWN),
          Map.entry("text/x-rst", RST),
          Map.entry("text/html", HTML),
          Map.entry("application/xhtml+xml", HTML),
          Map.entry("application/pdf", PDF),
          Map.entry(
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document", DOCX),
          Map.entry(
              "application/vnd.openxmlformats-officedocument.presentationml.presentation", PPTX),
          Map.entry("application/msword", DOC),
          Map.entry("application/rtf", RTF));

  static Set<String> extensions() {
    return BY_EXTENSION.keySet();
  }

  static Optional<Format> byFileName(String fileName) {
    int dot = fileName.lastIndexOf('.');
    if (dot <= 0) return Optional.empty();
    return Optional.ofNullable(
        BY_EXTENSION.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT)));
  }

  /**
   * Known types first, then anything the registry knows as a kind of {@code text/plain} (source
   * code, CSV...).
   */
  static Optional<Format> byMediaType(MediaType type, MediaTypeRegistry registry) {
    Format known = BY_TYPE.get(type.getBaseType().toString());
    if (known != null) return Optional.of(known);
    return registry.isInstanceOf(type.getBaseType(), MediaType.TEXT_PLAIN)
        ? Optional.of(TEXT)
        : Optional.empty();
  }

  /** The file name without its extension, used as a title of last resort. */
  static String baseName(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot > 0 ? fileName.substring(0, dot) : fileName;
  }
}
