package dev.grounded.guard.json;

/** A kind of defect {@link JsonRepair} mended, named so callers can count them. */
public enum Fix {
  /** The JSON was inside a Markdown code fence (```json … ```). */
  CODE_FENCE,
  /** Prose before or after the JSON value was dropped. */
  SURROUNDING_TEXT,
  /** {@code //}, {@code /* *}{@code /} or {@code #} comments were dropped. */
  COMMENT,
  /** A comma before a closing bracket (or a doubled comma) was dropped. */
  TRAILING_COMMA,
  /** A comma was missing between two members or elements. */
  MISSING_COMMA,
  /** A string in single quotes. */
  SINGLE_QUOTES,
  /** A string in typographic quotes (“…”, ‘…’). */
  SMART_QUOTES,
  /** An object key without quotes. */
  UNQUOTED_KEY,
  /** {@code True}, {@code False}, {@code None} (and other capitalisations of the JSON literals). */
  PYTHON_LITERAL,
  /** {@code undefined}, {@code NaN} or {@code Infinity}, which JSON has no value for: null. */
  JS_LITERAL,
  /** A number JSON does not allow: {@code +1}, {@code .5}, {@code 1.}, {@code 007}. */
  NUMBER_FORMAT,
  /** A backslash escape JSON does not know ({@code \'}, {@code \x}). */
  INVALID_ESCAPE,
  /** A raw newline, tab or other control character inside a string. */
  CONTROL_CHARACTER,
  /** A double quote inside a string that should have been escaped. */
  UNESCAPED_QUOTE,
  /** Whitespace JSON does not allow between tokens (no-break space, byte order mark). */
  WHITESPACE,
  /** The text ended early: open strings and brackets were closed, a dangling member dropped. */
  TRUNCATED
}
