package dev.grounded.embed;

import java.text.Normalizer;

/**
 * BERT's text normalization and character classes, as the HuggingFace {@code BertNormalizer} and
 * {@code BertPreTokenizer} define them. Immutable.
 *
 * @param cleanText drop control characters, U+0000 and U+FFFD; map every whitespace character to a
 *     space
 * @param handleChineseChars put spaces around CJK ideographs so each becomes its own word
 * @param stripAccents decompose (NFD) and drop non-spacing marks
 * @param lowercase lowercase each code point
 */
record BertText(
    boolean cleanText, boolean handleChineseChars, boolean stripAccents, boolean lowercase) {
  private static final int OTHER_CATEGORIES =
      1 << Character.CONTROL
          | 1 << Character.FORMAT
          | 1 << Character.SURROGATE
          | 1 << Character.PRIVATE_USE;
  private static final int PUNCTUATION_CATEGORIES =
      1 << Character.CONNECTOR_PUNCTUATION
          | 1 << Character.DASH_PUNCTUATION
          | 1 << Character.START_PUNCTUATION
          | 1 << Character.END_PUNCTUATION
          | 1 << Character.INITIAL_QUOTE_PUNCTUATION
          | 1 << Character.FINAL_QUOTE_PUNCTUATION
          | 1 << Character.OTHER_PUNCTUATION;

  /**
   * Applies the normalizer steps in HuggingFace's order: clean, CJK spacing, accent stripping,
   * lowercase.
   */
  String normalize(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    boolean ascii = true;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (cleanText) {
        if (c == 0 || c == 0xFFFD || isControl(c)) continue;
        if (isWhitespace(c)) c = ' ';
      }
      ascii &= c < 0x80;
      if (handleChineseChars && isChinese(c)) {
        out.append(' ').appendCodePoint(c).append(' ');
      } else {
        out.appendCodePoint(c);
      }
    }
    return ascii ? lowerAscii(out) : stripAndLower(out.toString());
  }

  private String lowerAscii(StringBuilder text) {
    if (lowercase) {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c >= 'A' && c <= 'Z') text.setCharAt(i, (char) (c + ('a' - 'A')));
      }
    }
    return text.toString();
  }

  private String stripAndLower(String text) {
    String s = stripAccents ? Normalizer.normalize(text, Normalizer.Form.NFD) : text;
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      i += Character.charCount(c);
      if (stripAccents && LegacyCategories.type(c) == Character.NON_SPACING_MARK) continue;
      if (!lowercase) {
        out.appendCodePoint(c);
      } else if (c == 0x130) {
        out.append(
            "i\u0307"); // the one code point whose lowercase is two (Rust's char::to_lowercase)
      } else {
        out.appendCodePoint(Character.toLowerCase(c));
      }
    }
    return out.toString();
  }

  /** Unicode White_Space, as Rust's {@code char::is_whitespace}. */
  static boolean isWhitespace(int c) {
    if (c <= ' ') return c == ' ' || (c >= '\t' && c <= '\r');
    if (c < 0x85) return false;
    return c == 0x85
        || c == 0xA0
        || c == 0x1680
        || (c >= 0x2000 && c <= 0x200A)
        || c == 0x2028
        || c == 0x2029
        || c == 0x202F
        || c == 0x205F
        || c == 0x3000;
  }

  /**
   * Categories Cc, Cf, Cs, Co, Cn, except tab, newline and carriage return (which count as
   * whitespace).
   */
  static boolean isControl(int c) {
    if (c == '\t' || c == '\n' || c == '\r') return false;
    if (c < 0x7F) return c < ' ';
    return (OTHER_CATEGORIES >>> LegacyCategories.type(c) & 1) != 0;
  }

  /**
   * ASCII punctuation (which includes symbols such as $ + < = > ^ ` |) or any Unicode punctuation
   * category.
   */
  static boolean isPunctuation(int c) {
    if (c < 0x80) {
      return (c >= 33 && c <= 47)
          || (c >= 58 && c <= 64)
          || (c >= 91 && c <= 96)
          || (c >= 123 && c <= 126);
    }
    return (PUNCTUATION_CATEGORIES >>> LegacyCategories.type(c) & 1) != 0;
  }

  /** The CJK Unified Ideograph blocks BERT treats as one-character words. */
  static boolean isChinese(int c) {
    return (c >= 0x4E00 && c <= 0x9FFF)
        || (c >= 0x3400 && c <= 0x4DBF)
        || (c >= 0x20000 && c <= 0x2A6DF)
        || (c >= 0x2A700 && c <= 0x2B73F)
        || (c >= 0x2B740 && c <= 0x2B81F)
        || (c >= 0x2B920 && c <= 0x2CEAF)
        || (c >= 0xF900 && c <= 0xFAFF)
        || (c >= 0x2F800 && c <= 0x2FA1F);
  }
}
