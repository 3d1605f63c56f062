package dev.grounded.ingest.parse;

/**
 * The paragraph being read from a SAX stream. Runs of whitespace collapse to one space and leading
 * or trailing whitespace is dropped, unless the buffer is verbatim (preformatted text), where only
 * line endings are normalized.
 */
final class ParagraphBuffer {
  private final StringBuilder chars = new StringBuilder();
  private boolean pendingSpace;
  private boolean verbatim;

  int length() {
    return chars.length();
  }

  boolean isEmpty() {
    return chars.isEmpty();
  }

  void verbatim(boolean on) {
    verbatim = on;
  }

  void append(char[] ch, int start, int length) {
    for (int i = start; i < start + length; i++) {
      char c = ch[i];
      if (verbatim) {
        appendVerbatim(c);
      } else if (isSpace(c)) {
        pendingSpace = !chars.isEmpty();
      } else {
        if (pendingSpace) chars.append(' ');
        pendingSpace = false;
        chars.append(c);
      }
    }
  }

  /** A separator between words that the markup implies (a line break, a table cell). */
  void space() {
    if (verbatim) {
      appendVerbatim('\n');
    } else {
      pendingSpace = !chars.isEmpty();
    }
  }

  /**
   * Returns the paragraph, stripped of surrounding blank lines if verbatim, and empties the buffer.
   */
  String take() {
    String s =
        verbatim
            ? chars.toString().stripTrailing().replaceFirst("^(?:[ \\t]*\\n)+", "")
            : chars.toString();
    chars.setLength(0);
    pendingSpace = false;
    return s;
  }

  private void appendVerbatim(char c) {
    if (c == '\r') return;
    chars.append(c == '\t' || c == '\n' || !Character.isISOControl(c) ? c : ' ');
  }

  static boolean isSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c);
  }
}
