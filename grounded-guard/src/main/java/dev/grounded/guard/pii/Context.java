package dev.grounded.guard.pii;

import java.util.Locale;
import java.util.regex.Pattern;

/** Context words near a span ("card", "phone", "ssn"), which raise a candidate's score. */
final class Context {
  private Context() {}

  /**
   * True when {@code words} (a lower-case pattern, matched against the lower-cased text) matches
   * within {@code before} characters before the span or {@code after} characters after it.
   */
  static boolean near(String text, int start, int end, Pattern words, int before, int after) {
    String left = text.substring(Math.max(0, start - before), start).toLowerCase(Locale.ROOT);
    if (words.matcher(left).find()) return true;
    String right = text.substring(end, Math.min(text.length(), end + after));
    return words.matcher(right.toLowerCase(Locale.ROOT)).find();
  }

  static boolean hasDigit(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') return true;
    }
    return false;
  }
}
