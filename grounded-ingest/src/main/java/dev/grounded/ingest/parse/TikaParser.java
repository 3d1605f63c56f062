package dev.grounded.ingest.parse;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import org.apache.tika.detect.DefaultDetector;
import org.apache.tika.detect.Detector;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.extractor.EmbeddedDocumentExtractor;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeTypes;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.html.HtmlMapper;
import org.apache.tika.parser.html.JSoupParser;
import org.apache.tika.parser.microsoft.OfficeParser;
import org.apache.tika.parser.microsoft.ooxml.OOXMLParser;
import org.apache.tika.parser.microsoft.rtf.RTFParser;
import org.apache.tika.parser.pdf.PDFParser;
import org.apache.tika.parser.pdf.PDFParserConfig;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;

/**
 * Parses plain text, markdown, reStructuredText, HTML, PDF, DOCX, PPTX, DOC and RTF. The type comes
 * from the file extension, or from Tika's content detection when the extension is unknown. Markdown
 * and text are read here; HTML, PDF and the office formats go through Tika's parsers and their
 * XHTML event stream. Embedded documents (attachments, images) are skipped.
 *
 * <p>Thread-safe: one instance may serve any number of threads.
 */
public final class TikaParser implements Parser {
  /**
   * Default limit on extracted text: a document larger than this is refused rather than exhausting
   * the heap.
   */
  public static final int DEFAULT_MAX_CHARS = 50_000_000;

  private static final int MAX_REASON_CHARS = 200;

  private final int maxChars;
  private final Detector detector = new DefaultDetector();
  private final MediaTypeRegistry registry = MimeTypes.getDefaultMimeTypes().getMediaTypeRegistry();
  private final PDFParser pdf = new PDFParser();
  private final OOXMLParser ooxml = new OOXMLParser();
  private final OfficeParser office = new OfficeParser();
  private final RTFParser rtf = new RTFParser();
  private final JSoupParser html = new JSoupParser();

  public TikaParser() {
    this(DEFAULT_MAX_CHARS);
  }

  /**
   * @param maxChars the most characters of text a document may yield
   */
  public TikaParser(int maxChars) {
    if (maxChars < 1) throw new IllegalArgumentException("maxChars must be >= 1: " + maxChars);
    this.maxChars = maxChars;
  }

  /**
   * File extensions (lower case, no dot) this parser reads by name; others are tried by content.
   */
  public static Set<String> extensions() {
    return Format.extensions();
  }

  @Override
  public ParsedDocument parse(Path file) {
    Objects.requireNonNull(file, "file");
    checkReadable(file);
    String name = file.getFileName().toString();
    Format format = Format.byFileName(name).orElseGet(() -> detect(file));
    return switch (format) {
      case TEXT, RST, MARKDOWN -> parseText(file, format);
      case HTML -> parseWithTika(file, html);
      case PDF -> parseWithTika(file, pdf);
      case DOCX, PPTX -> parseWithTika(file, ooxml);
      case DOC -> parseWithTika(file, office);
      case RTF -> parseWithTika(file, rtf);
    };
  }

  private ParsedDocument parseText(Path file, Format format) {
    String text;
    try {
      text = TextFiles.read(file, maxChars);
    } catch (TextFiles.TextTooLongException e) {
      throw tooLong(file);
    } catch (IOException e) {
      throw unreadable(file, e);
    }
    if (text.indexOf('\0') >= 0) throw unparseable(file, "binary content, not text", null);
    DocumentBuilder out = new DocumentBuilder();
    String title = null;
    if (format == Format.MARKDOWN) {
      title = MarkdownReader.read(text, out);
    } else {
      PlainTextReader.read(text, out, format == Format.RST);
    }
    return out.build(file.toString(), title, Format.baseName(file.getFileName().toString()));
  }

  private ParsedDocument parseWithTika(Path file, org.apache.tika.parser.Parser parser) {
    Metadata metadata = new Metadata();
    metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, file.getFileName().toString());
    StructureHandler handler = new StructureHandler(maxChars);
    try (InputStream in = open(file, metadata)) {
      parser.parse(in, handler, metadata, context());
    } catch (IOException | SAXException | TikaException | RuntimeException e) {
      if (e instanceof GroundedException g) throw g;
      if (WriteLimitReachedException.isWriteLimitReached(e)) throw tooLong(file);
      throw unparseable(file, reason(e), e);
    }
    return handler.build(
        file.toString(),
        metadata.get(TikaCoreProperties.TITLE),
        Format.baseName(file.getFileName().toString()));
  }

  private Format detect(Path file) {
    Metadata metadata = new Metadata();
    metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, file.getFileName().toString());
    MediaType type;
    try (InputStream in = open(file, metadata)) {
      type = detector.detect(in, metadata);
    } catch (IOException e) {
      throw unreadable(file, e);
    }
    return Format.byMediaType(type, registry)
        .orElseThrow(
            () ->
                new GroundedException(
                    ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    file + ": unsupported file type " + type.getBaseType(),
                    "path",
                    null));
  }

  private static TikaInputStream open(Path file, Metadata metadata) {
    try {
      return TikaInputStream.get(file, metadata);
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  private static ParseContext context() {
    ParseContext context = new ParseContext();
    context.set(EmbeddedDocumentExtractor.class, SkipEmbedded.INSTANCE);
    context.set(HtmlMapper.class, ContentHtmlMapper.INSTANCE);
    PDFParserConfig pdfConfig = new PDFParserConfig();
    pdfConfig.setOcrStrategy(PDFParserConfig.OCR_STRATEGY.NO_OCR);
    pdfConfig.setExtractBookmarksText(false);
    pdfConfig.setExtractInlineImages(false);
    context.set(PDFParserConfig.class, pdfConfig);
    return context;
  }

  private static void checkReadable(Path file) {
    if (!Files.exists(file)) throw GroundedException.invalid("path", file + ": no such file");
    if (!Files.isRegularFile(file))
      throw GroundedException.invalid("path", file + ": not a regular file");
    if (!Files.isReadable(file)) throw GroundedException.invalid("path", file + ": not readable");
  }

  private static String reason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof EncryptedDocumentException) return "the document is encrypted";
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage().strip();
    message = message.lines().findFirst().orElse("");
    return message.length() <= MAX_REASON_CHARS
        ? message
        : message.substring(0, MAX_REASON_CHARS) + "...";
  }

  private GroundedException tooLong(Path file) {
    return unparseable(
        file, "the extracted text exceeds the limit of " + maxChars + " characters", null);
  }

  private static GroundedException unparseable(Path file, String reason, Throwable cause) {
    return new GroundedException(
        ErrorCode.UNPARSEABLE_DOCUMENT, file + ": cannot parse: " + reason, null, cause);
  }

  private static GroundedException unreadable(Path file, IOException e) {
    return new GroundedException(
        ErrorCode.INVALID_REQUEST, file + ": cannot read: " + e.getMessage(), "path", e);
  }

  /**
   * Tells Tika's parsers to skip attachments and embedded images instead of parsing them into the
   * text.
   */
  private enum SkipEmbedded implements EmbeddedDocumentExtractor {
    INSTANCE;

    @Override
    public boolean shouldParseEmbedded(Metadata metadata) {
      return false;
    }

    @Override
    public void parseEmbedded(
        InputStream stream, ContentHandler handler, Metadata metadata, boolean outputHtml) {}
  }
}
