package dev.grounded.guard.redact;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pseudonymized text and its mapping from placeholder to original value, for one request.
 *
 * @param text the text to send upstream
 * @param originals placeholder (e.g. {@code <EMAIL_1>}) to the value it stands for
 */
public record Pseudonymized(String text, Map<String, String> originals) {
  /** What a placeholder looks like: a label in upper case, an underscore, a number. */
  static final Pattern PLACEHOLDER = Pattern.compile("<[A-Z][A-Z0-9_]*_\\d+>");

  public Pseudonymized {
    originals = Map.copyOf(originals);
  }

  /**
   * {@code response} with every placeholder of this request put back, however often it appears;
   * placeholders this request did not issue are left as they are.
   */
  public String restore(String response) {
    if (originals.isEmpty() || response.indexOf('<') < 0) return response;
    Matcher m = PLACEHOLDER.matcher(response);
    StringBuilder b = new StringBuilder(response.length());
    while (m.find()) {
      String original = originals.get(m.group());
      m.appendReplacement(b, Matcher.quoteReplacement(original != null ? original : m.group()));
    }
    return m.appendTail(b).toString();
  }

  /** A restorer for a response streamed in chunks. */
  public StreamingRestorer streaming() {
    return new StreamingRestorer(this);
  }

  /** The longest placeholder issued, which bounds how much a streaming restorer holds back. */
  int longestPlaceholder() {
    int max = 0;
    for (String p : originals.keySet()) max = Math.max(max, p.length());
    return max;
  }
}
