package dev.grounded.ingest.parse;

import java.util.Map;
import java.util.Set;
import org.apache.tika.parser.html.DefaultHtmlMapper;
import org.apache.tika.parser.html.HtmlMapper;

/**
 * Tika's default HTML mapping, plus the structure it drops ({@code div}, {@code section}, {@code
 * br}...) so block boundaries survive, and minus boilerplate: navigation, footers, scripts, styles,
 * forms' controls.
 */
final class ContentHtmlMapper implements HtmlMapper {
  static final ContentHtmlMapper INSTANCE = new ContentHtmlMapper();

  private static final Set<String> DISCARD =
      Set.of(
          "SCRIPT",
          "STYLE",
          "NOSCRIPT",
          "TEMPLATE",
          "NAV",
          "FOOTER",
          "SVG",
          "CANVAS",
          "BUTTON",
          "SELECT",
          "TEXTAREA",
          "IFRAME",
          "FRAME",
          "OBJECT");
  private static final Set<String> BLOCKS =
      Set.of(
          "DIV",
          "SECTION",
          "ARTICLE",
          "MAIN",
          "HEADER",
          "ASIDE",
          "FIGURE",
          "FIGCAPTION",
          "DETAILS",
          "SUMMARY",
          "CAPTION",
          "CENTER",
          "HGROUP",
          "TFOOT");
  private static final Map<String, String> INLINE = Map.of("BR", "br", "CODE", "code");

  private ContentHtmlMapper() {}

  @Override
  public String mapSafeElement(String name) {
    String mapped = DefaultHtmlMapper.INSTANCE.mapSafeElement(name);
    if (mapped != null) return mapped;
    if (BLOCKS.contains(name)) return "div";
    return INLINE.get(name);
  }

  @Override
  public boolean isDiscardElement(String name) {
    return DISCARD.contains(name);
  }

  @Override
  public String mapSafeAttribute(String elementName, String attributeName) {
    return DefaultHtmlMapper.INSTANCE.mapSafeAttribute(elementName, attributeName);
  }
}
