package dev.grounded.ingest.parse;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import org.apache.poi.openxml4j.exceptions.InvalidFormatException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.tika.detect.DefaultDetector;
import org.apache.tika.detect.Detector;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
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
import org.apache.tika.parser.microsoft.OfficeParserConfig;
import org.apache.tika.parser.microsoft.ooxml.OOXMLParser;
import org.apache.tika.parser.microsoft.ooxml.OPCPackageWrapper;
import org.apache.tika.parser.microsoft.rtf.RTFParser;
import org.apache.tika.parser.pdf.PDFParser;
import org.apache.tika.parser.pdf.PDFParserConfig;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;

/**
 * Parses plain text, markdown, reStructuredText, HTML, PDF, DOCX, PPTX, DOC and RTF. The type comes
 * from the file extension, or from Tika's content detection when the extension is unknown. Markdown
 * and text are read here; HTML, PDF and the office formats go through Tika's parsers and their
 * XHTML event stream. Embedded documents (attachments, images) are skipped. Every parse keeps
 * within the {@link ParseLimits} given (see there for the errors).
 *
 * <p>Thread-safe: one instance may serve any number of threads.
 */
public final class TikaParser implements Parser {
  private static final int MAX_REASON_CHARS = 200;

  private final ParseLimits limits;
  private final Detector detector = new DefaultDetector();
  private final MediaTypeRegistry registry = MimeTypes.getDefaultMimeTypes().getMediaTypeRegistry();
  private final PDFParser pdf = new PDFParser();
  private final OOXMLParser ooxml = new OOXMLParser();
  private final OfficeParser office = new OfficeParser();
  private final RTFParser rtf = new RTFParser();
  private final JSoupParser html = new JSoupParser();

  /** A parser with {@link ParseLimits#DEFAULTS}. */
  public TikaParser() {
    this(ParseLimits.DEFAULTS);
  }

  /**
   * @param limits what one document may cost; all but {@link ParseLimits#maxChunks()} apply here
   */
  public TikaParser(ParseLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  public ParseLimits limits() {
    return limits;
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
      case HTML -> parseWithTika(file, html, format);
      case PDF -> parseWithTika(file, pdf, format);
      case DOCX, PPTX -> parseWithTika(file, ooxml, format);
      case DOC -> parseWithTika(file, office, format);
      case RTF -> parseWithTika(file, rtf, format);
    };
  }

  private ParsedDocument parseText(Path file, Format format) {
    ParseBudget budget = new ParseBudget(file, limits);
    String text;
    try {
      text = TextFiles.read(file, limits.maxChars());
    } catch (TextFiles.TextTooLongException e) {
      budget.charsExceeded();
      throw budget.violation();
    } catch (IOException e) {
      throw unreadable(file, e);
    }
    if (text.indexOf('\0') >= 0) throw unparseable(file, "binary content, not text", null);
    DocumentBuilder out = new DocumentBuilder();
    String title = null;
    try {
      if (format == Format.MARKDOWN) {
        title = MarkdownReader.read(text, out, budget);
      } else {
        PlainTextReader.read(text, out, format == Format.RST, budget);
      }
    } catch (ParseBudget.Exhausted e) {
      throw budget.violation();
    }
    return out.build(file.toString(), title, Format.baseName(file.getFileName().toString()));
  }

  /**
   * Parses with one of Tika's parsers, within the limits; a zip-based format's package is opened
   * here, through a {@link GuardedZip}, and handed to Tika as the stream's open container. Only a
   * PDF's declared page count is checked before reading: it is the page tree's own, whereas an
   * office document's is a cached statistic its writer may have left stale.
   */
  private ParsedDocument parseWithTika(
      Path file, org.apache.tika.parser.Parser parser, Format format) {
    Metadata metadata = new Metadata();
    metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, file.getFileName().toString());
    ParseBudget budget = new ParseBudget(file, limits);
    StructureHandler handler =
        new StructureHandler(budget, format == Format.PDF ? metadata : new Metadata());
    try (TikaInputStream in = open(file, metadata)) {
      if (format == Format.DOCX || format == Format.PPTX)
        in.setOpenContainer(new OPCPackageWrapper(openPackage(file, budget)));
      parser.parse(in, handler, metadata, context());
    } catch (IOException
        | SAXException
        | TikaException
        | InvalidFormatException
        | RuntimeException e) {
      // a limit broken deep inside a library may come back wrapped, rewritten or as a failure
      // of what came after it: the budget knows
      if (budget.violation() != null) throw budget.violation();
      if (e instanceof GroundedException g) throw g;
      throw unparseable(file, reason(e), e);
    }
    if (budget.violation() != null) throw budget.violation();
    return handler.build(
        file.toString(),
        metadata.get(TikaCoreProperties.TITLE),
        Format.baseName(file.getFileName().toString()));
  }

  private static OPCPackage openPackage(Path file, ParseBudget budget)
      throws IOException, InvalidFormatException {
    GuardedZip zip = GuardedZip.open(file, budget);
    try {
      return OPCPackage.open(zip);
    } catch (InvalidFormatException | RuntimeException e) {
      zip.close();
      throw e;
    }
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
    // stream DOCX and PPTX parts through SAX: POI's default builds a DOM of the whole part
    OfficeParserConfig officeConfig = new OfficeParserConfig();
    officeConfig.setUseSAXDocxExtractor(true);
    officeConfig.setUseSAXPptxExtractor(true);
    context.set(OfficeParserConfig.class, officeConfig);
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
