package dev.grounded.guard.pii;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Context words near a span ("card", "phone", "ssn"), which raise a candidate's score. */
final class Context {
  private Context() {}

  /**
   * True when {@code words} matches within {@code before} characters before or {@code after} after.
   */
  static boolean near(String text, int start, int end, Pattern words, int before, int after) {
    Matcher m = words.matcher(text);
    m.region(Math.max(0, start - before), start);
    if (m.find()) return true;
    m.region(end, Math.min(text.length(), end + after));
    return m.find();
  }

  static boolean hasDigit(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') return true;
    }
    return false;
  }
}
