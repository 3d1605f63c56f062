package dev.grounded.ingest.parse;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.PagedText;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads the XHTML SAX stream that Tika's parsers emit into a {@link DocumentBuilder}: {@code
 * h1}..{@code h6} become headings, {@code div class="page"} starts a page, block elements end
 * paragraphs, a table row is one paragraph whose cells are separated by spaces, and inline elements
 * are transparent. Only the body is read. Checks the {@link ParseBudget} as it goes (the page count
 * the format declares, pages, characters, time) and stops the parse with a {@link SAXException} at
 * the first limit broken. One instance per parse.
 */
final class StructureHandler extends DefaultHandler {
  private enum Kind {
    BODY,
    PAGE,
    HEADING,
    BLOCK,
    CELL,
    PRE,
    BREAK,
    INLINE
  }

  private static final Set<String> INLINE =
      Set.of(
          "a", "abbr", "b", "big", "cite", "code", "del", "em", "font", "i", "img", "ins", "kbd",
          "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "tt", "u",
          "var");

  private final DocumentBuilder out = new DocumentBuilder();
  private final ParagraphBuffer paragraph = new ParagraphBuffer();
  private final Deque<Kind> open = new ArrayDeque<>();
  private final ParseBudget budget;
  private final Metadata metadata;
  private int bodyDepth;
  private int headingDepth;
  private int headingLevel;
  private int cellDepth;
  private int preDepth;
  private int pages;

  /**
   * @param metadata where a paged format declares its page count before its first event (the
   *     parse's metadata), or an empty one when that count is not to be trusted
   */
  StructureHandler(ParseBudget budget, Metadata metadata) {
    this.budget = budget;
    this.metadata = metadata;
  }

  ParsedDocument build(String source, String metadataTitle, String fileTitle) {
    return out.build(source, metadataTitle, fileTitle);
  }

  @Override
  public void startDocument() throws SAXException {
    Integer declared = metadata.getInt(PagedText.N_PAGES);
    if (declared != null) stopIf(budget.checkPages(declared));
  }

  @Override
  public void startElement(String uri, String localName, String qName, Attributes atts)
      throws SAXException {
    stopIf(budget.checkTime());
    String name = name(localName, qName);
    Kind kind = kind(name, atts);
    open.push(kind);
    if (kind == Kind.BODY) bodyDepth++;
    if (bodyDepth == 0) return;
    switch (kind) {
      case PAGE -> {
        flush();
        stopIf(budget.checkPages(++pages));
        out.page(pages);
      }
      case HEADING -> {
        if (headingDepth == 0) {
          flush();
          headingLevel = name.charAt(1) - '0';
        }
        headingDepth++;
      }
      case CELL -> {
        cellDepth++;
        paragraph.space();
      }
      case PRE -> {
        if (preDepth++ == 0) {
          flush();
          paragraph.verbatim(true);
        }
      }
      case BREAK -> paragraph.space();
      case BLOCK -> endBlock();
      default -> {}
    }
  }

  @Override
  public void endElement(String uri, String localName, String qName) {
    Kind kind = open.isEmpty() ? Kind.INLINE : open.pop();
    if (bodyDepth == 0) return;
    switch (kind) {
      case BODY -> {
        flush();
        bodyDepth--;
      }
      case PAGE -> flush();
      case HEADING -> {
        if (--headingDepth == 0) out.heading(headingLevel, paragraph.take());
      }
      case CELL -> {
        cellDepth--;
        paragraph.space();
      }
      case PRE -> {
        if (--preDepth == 0) {
          flush();
          paragraph.verbatim(false);
        }
      }
      case BLOCK -> endBlock();
      default -> {}
    }
  }

  @Override
  public void characters(char[] ch, int start, int length) throws SAXException {
    if (bodyDepth == 0) return;
    stopIf(budget.checkTime());
    paragraph.append(ch, start, length);
    stopIf(budget.checkChars((long) out.length() + paragraph.length()));
  }

  @Override
  public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
    characters(ch, start, length);
  }

  private static void stopIf(String brokenLimit) throws SAXException {
    if (brokenLimit != null) throw new SAXException(brokenLimit);
  }

  /**
   * Inside a table cell or heading, a block only separates words; elsewhere it ends the paragraph.
   */
  private void endBlock() {
    if (cellDepth > 0 || headingDepth > 0) {
      paragraph.space();
    } else {
      flush();
    }
  }

  private void flush() {
    if (headingDepth > 0 || paragraph.isEmpty()) return;
    out.paragraph(paragraph.take());
  }

  private static Kind kind(String name, Attributes atts) {
    if (name.equals("body")) return Kind.BODY;
    if (name.length() == 2
        && name.charAt(0) == 'h'
        && name.charAt(1) >= '1'
        && name.charAt(1) <= '6') {
      return Kind.HEADING;
    }
    return switch (name) {
      case "div" -> "page".equals(atts.getValue("class")) ? Kind.PAGE : Kind.BLOCK;
      case "td", "th" -> Kind.CELL;
      case "pre" -> Kind.PRE;
      case "br" -> Kind.BREAK;
      default -> INLINE.contains(name) ? Kind.INLINE : Kind.BLOCK;
    };
  }

  private static String name(String localName, String qName) {
    String name = localName == null || localName.isEmpty() ? qName : localName;
    int colon = name.indexOf(':');
    return (colon >= 0 ? name.substring(colon + 1) : name).toLowerCase(Locale.ROOT);
  }
}
