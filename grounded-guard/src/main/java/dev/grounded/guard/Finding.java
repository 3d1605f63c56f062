package dev.grounded.guard;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One thing a guard found in a text.
 *
 * @param type what was found, lower case and dotted from general to specific: {@code injection},
 *     {@code pii.email}, {@code pii.card}, {@code secret.aws_key}, {@code policy.violence}; a
 *     policy rule for {@code pii} covers every {@code pii.*}
 * @param start the span's first character (UTF-16 index into the scanned text)
 * @param end one past the span's last character; a finding about the whole text spans all of it
 * @param score the detector's confidence in [0, 1] (1 for a checked pattern such as a Luhn-valid
 *     card number)
 * @param severity how serious the finding is
 * @param detector the name of the guard that found it (for the record, not for policy)
 */
public record Finding(
    String type, int start, int end, double score, Severity severity, String detector) {
  private static final Pattern TYPE = Pattern.compile("[a-z0-9_]+(\\.[a-z0-9_]+)*");

  public Finding {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(detector, "detector");
    if (!isValidType(type))
      throw new IllegalArgumentException(
          "finding type '" + type + "' must be lower case words joined by dots");
    if (start < 0 || end < start)
      throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
    if (!(score >= 0 && score <= 1))
      throw new IllegalArgumentException("score " + score + " is not in [0, 1]");
  }

  /** Whether {@code type} is lower-case words joined by dots, as finding types (and rules) are. */
  public static boolean isValidType(String type) {
    return TYPE.matcher(type).matches();
  }

  /** The span's text in {@code text}, the text this finding was found in. */
  public String span(String text) {
    return text.substring(start, end);
  }

  /**
   * True when this finding's type is {@code prefix} or lies under it ({@code pii} ⊇ {@code
   * pii.email}).
   */
  public boolean isA(String prefix) {
    return prefix.equals("*")
        || type.equals(prefix)
        || (type.startsWith(prefix) && type.charAt(prefix.length()) == '.');
  }

  /** The first part of the type: {@code pii} for {@code pii.email}. */
  public String family() {
    int dot = type.indexOf('.');
    return dot < 0 ? type : type.substring(0, dot);
  }
}
