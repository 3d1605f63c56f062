package dev.grounded.guard.json;

import java.util.EnumSet;
import java.util.Set;

/**
 * Reads one loose JSON value from a position of a text and writes it out as strict JSON, noting
 * every {@link Fix} it made. Recursive descent; nesting deeper than {@link #MAX_DEPTH} fails. One
 * instance per attempt, not thread-safe.
 */
final class LenientParser {
  static final int MAX_DEPTH = 512;

  /** The text cannot be read as JSON from here. */
  static final class Fail extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Fail() {
      super(null, null, false, false);
    }
  }

  /** The text ended before a value began: the container drops the member it was reading. */
  private static final class Incomplete extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Incomplete() {
      super(null, null, false, false);
    }
  }

  private final String s;
  private final int end;
  private int pos;
  private final StringBuilder out = new StringBuilder();
  private final Set<Fix> fixes = EnumSet.noneOf(Fix.class);

  LenientParser(String text, int start, int end) {
    this.s = text;
    this.pos = start;
    this.end = end;
  }

  /** Reads one value; returns the position after it. */
  int parse() {
    try {
      value(0);
    } catch (Incomplete e) {
      throw new Fail();
    }
    return pos;
  }

  String json() {
    return out.toString();
  }

  Set<Fix> fixes() {
    return fixes;
  }

  /** Skips whitespace and comments; returns whether there is more text. */
  boolean skip() {
    while (pos < end) {
      char c = s.charAt(pos);
      if (c == ' ' || c == '\n' || c == '\r' || c == '\t') pos++;
      else if (Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\uFEFF') {
        fixes.add(Fix.WHITESPACE);
        pos++;
      } else if (c == '/' && pos + 1 < end && s.charAt(pos + 1) == '/' || c == '#') {
        fixes.add(Fix.COMMENT);
        while (pos < end && s.charAt(pos) != '\n') pos++;
      } else if (c == '/' && pos + 1 < end && s.charAt(pos + 1) == '*') {
        fixes.add(Fix.COMMENT);
        int close = s.indexOf("*/", pos + 2);
        pos = close < 0 || close >= end ? end : close + 2;
      } else return true;
    }
    return false;
  }

  private void value(int depth) {
    if (depth > MAX_DEPTH || !skip()) throw depth > MAX_DEPTH ? new Fail() : new Incomplete();
    char c = s.charAt(pos);
    switch (c) {
      case '{' -> object(depth);
      case '[' -> array(depth);
      case '"', '\'', '“', '”', '„', '‘', '’' -> string(true);
      default -> {
        if (c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9')) number();
        else if (Character.isLetter(c)) literal();
        else throw new Fail();
      }
    }
  }

  private void object(int depth) {
    container('{', '}', () -> member(depth));
  }

  private void array(int depth) {
    container(
        '[',
        ']',
        () -> {
          try {
            value(depth + 1);
            return true;
          } catch (Incomplete e) {
            return false;
          }
        });
  }

  /**
   * An object or array from its opening bracket: items separated by commas, stray, doubled or
   * missing commas mended; {@code item} parses one and answers false when the text ended inside it
   * (the partial item is dropped and the container closed).
   */
  private void container(char open, char close, java.util.function.BooleanSupplier item) {
    out.append(open);
    pos++;
    int items = 0;
    boolean comma = false;
    while (true) {
      if (!skip()) {
        truncated(comma);
        break;
      }
      char c = s.charAt(pos);
      if (c == close) {
        if (comma) fixes.add(Fix.TRAILING_COMMA);
        pos++;
        break;
      }
      if (c == ',') {
        if (comma || items == 0) fixes.add(Fix.TRAILING_COMMA);
        comma = items > 0;
        pos++;
        continue;
      }
      if (items > 0 && !comma) fixes.add(Fix.MISSING_COMMA);
      int mark = out.length();
      if (items > 0) out.append(',');
      if (!item.getAsBoolean()) {
        out.setLength(mark);
        fixes.add(Fix.TRUNCATED);
        break;
      }
      items++;
      comma = false;
    }
    out.append(close);
  }

  /** One {@code key: value}; false when the text ended before its value began. */
  private boolean member(int depth) {
    key();
    if (!skip()) return false;
    if (s.charAt(pos) != ':') throw new Fail();
    pos++;
    out.append(':');
    try {
      value(depth + 1);
    } catch (Incomplete e) {
      return false;
    }
    return true;
  }

  private void key() {
    char c = s.charAt(pos);
    if (c == '"' || c == '\'' || c == '“' || c == '”' || c == '„' || c == '‘' || c == '’') {
      string(false);
      return;
    }
    int start = pos;
    while (pos < end && (isWordChar(s.charAt(pos)) || s.charAt(pos) == '-')) pos++;
    if (pos == start) throw new Fail();
    fixes.add(Fix.UNQUOTED_KEY);
    out.append('"').append(s, start, pos).append('"');
  }

  private void truncated(boolean danglingComma) {
    fixes.add(Fix.TRUNCATED);
    if (danglingComma) fixes.add(Fix.TRAILING_COMMA);
  }

  /** A string in any quotes; {@code value} allows unescaped inner double quotes. */
  private void string(boolean value) {
    char open = s.charAt(pos++);
    boolean single = open == '\'' || open == '‘' || open == '’';
    if (open == '\'') fixes.add(Fix.SINGLE_QUOTES);
    else if (open != '"') fixes.add(Fix.SMART_QUOTES);
    out.append('"');
    while (true) {
      if (pos >= end) {
        fixes.add(Fix.TRUNCATED);
        break;
      }
      char c = s.charAt(pos);
      if (c == '\\') {
        escape(single);
        continue;
      }
      if (closes(open, c)) {
        if (!innerQuote(open, value)) {
          pos++;
          break;
        }
        if (open == '"') fixes.add(Fix.UNESCAPED_QUOTE); // else an apostrophe: already named
      }
      pos++;
      if (c == '"') out.append("\\\"");
      else if (c < 0x20) {
        fixes.add(Fix.CONTROL_CHARACTER);
        out.append(control(c));
      } else out.append(c);
    }
    out.append('"');
  }

  private static boolean closes(char open, char c) {
    return switch (open) {
      case '"' -> c == '"';
      case '\'' -> c == '\'';
      case '“', '”', '„' -> c == '”' || c == '“';
      default -> c == '’' || c == '‘';
    };
  }

  /**
   * Whether the quote at {@code pos} is part of the text rather than its end: an apostrophe inside
   * a word (it's), or, in a double-quoted value, a quote followed by more words on the same line.
   */
  private boolean innerQuote(char open, boolean value) {
    int next = pos + 1;
    if (open == '"') {
      if (!value) return false;
      while (next < end && (s.charAt(next) == ' ' || s.charAt(next) == '\t')) next++;
    }
    if (open == '“' || open == '”' || open == '„') return false;
    return next < end && Character.isLetterOrDigit(s.charAt(next));
  }

  private void escape(boolean single) {
    if (pos + 1 >= end) {
      pos = end;
      fixes.add(Fix.TRUNCATED);
      return;
    }
    char n = s.charAt(pos + 1);
    pos += 2;
    switch (n) {
      case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> out.append('\\').append(n);
      case '\'' -> {
        if (!single) fixes.add(Fix.INVALID_ESCAPE);
        out.append('\'');
      }
      case 'u' -> unicode();
      default -> {
        fixes.add(Fix.INVALID_ESCAPE);
        out.append("\\\\");
        if (n == '"') out.append("\\\"");
        else if (n < 0x20) out.append(control(n));
        else out.append(n);
      }
    }
  }

  private void unicode() {
    int hex = 0;
    while (hex < 4 && pos + hex < end && isHex(s.charAt(pos + hex))) hex++;
    if (hex == 4) {
      out.append("\\u").append(s, pos, pos + 4);
      pos += 4;
    } else if (pos + hex >= end) {
      pos = end; // cut inside the escape: drop it
      fixes.add(Fix.TRUNCATED);
    } else {
      fixes.add(Fix.INVALID_ESCAPE);
      out.append("\\\\u");
    }
  }

  private void number() {
    int start = pos;
    StringBuilder n = new StringBuilder();
    if (s.charAt(pos) == '+') {
      fixes.add(Fix.NUMBER_FORMAT);
      pos++;
    } else if (s.charAt(pos) == '-') {
      n.append('-');
      pos++;
    }
    if (pos < end && s.charAt(pos) == 'I') {
      literal();
      return;
    }
    int digits = digits(n);
    if (digits > 1 && n.charAt(n.length() - digits) == '0') {
      fixes.add(Fix.NUMBER_FORMAT); // leading zeros
      int first = n.length() - digits;
      while (digits > 1 && n.charAt(first) == '0') {
        n.deleteCharAt(first);
        digits--;
      }
    }
    if (pos < end && s.charAt(pos) == '.') {
      pos++;
      if (digits == 0) {
        fixes.add(Fix.NUMBER_FORMAT);
        n.append('0');
        digits = 1;
      }
      int mark = n.length();
      n.append('.');
      if (digits(n) == 0) {
        n.setLength(mark);
        fixes.add(pos >= end ? Fix.TRUNCATED : Fix.NUMBER_FORMAT);
      }
    }
    if (digits == 0) {
      if (pos >= end) throw new Incomplete();
      pos = start;
      throw new Fail();
    }
    if (pos < end && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
      int mark = n.length();
      n.append('e');
      pos++;
      if (pos < end && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) n.append(s.charAt(pos++));
      if (digits(n) == 0) {
        n.setLength(mark);
        fixes.add(pos >= end ? Fix.TRUNCATED : Fix.NUMBER_FORMAT);
      }
    }
    out.append(n);
  }

  private int digits(StringBuilder n) {
    int count = 0;
    while (pos < end && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
      n.append(s.charAt(pos++));
      count++;
    }
    return count;
  }

  private void literal() {
    int start = pos;
    while (pos < end && isWordChar(s.charAt(pos))) pos++;
    String word = s.substring(start, pos);
    switch (word) {
      case "true", "false", "null" -> out.append(word);
      case "True", "TRUE" -> python("true");
      case "False", "FALSE" -> python("false");
      case "None", "NULL", "Null", "nil" -> python("null");
      case "undefined", "NaN", "Infinity" -> {
        fixes.add(Fix.JS_LITERAL); // -Infinity too: number() read the sign but did not write it
        out.append("null");
      }
      default -> {
        if (pos >= end && !word.isEmpty()) {
          for (String full : new String[] {"true", "false", "null"})
            if (full.startsWith(word)) {
              fixes.add(Fix.TRUNCATED);
              out.append(full);
              return;
            }
        }
        throw new Fail();
      }
    }
  }

  private void python(String json) {
    fixes.add(Fix.PYTHON_LITERAL);
    out.append(json);
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static String control(char c) {
    return switch (c) {
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> "\\t";
      case '\b' -> "\\b";
      case '\f' -> "\\f";
      default -> String.format("\\u%04x", (int) c);
    };
  }
}
