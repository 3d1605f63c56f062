package dev.grounded.answer;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Content words of a text, lower-cased, crudely stemmed, stop words removed: enough for lexical
 * overlap.
 */
public final class Terms {
  private static final Set<String> STOP =
      Set.of(
          "a", "an", "the", "and", "or", "but", "if", "of", "at", "by", "for", "with", "about",
          "to", "from", "in", "on", "is", "are", "was", "were", "be", "been", "being", "do", "does",
          "did", "have", "has", "had", "what", "which", "who", "whom", "whose", "when", "where",
          "why", "how", "this", "that", "these", "those", "i", "you", "he", "she", "it", "we",
          "they", "me", "my", "your", "its", "our", "their", "should", "would", "could", "can",
          "will", "shall", "may", "might", "must", "not", "no", "as", "into", "than", "then",
          "there", "so", "such", "use", "used", "using", "many", "much", "any", "some", "all",
          "each", "one", "s");

  private Terms() {}

  public static Set<String> of(String text) {
    Set<String> out = new LinkedHashSet<>();
    StringBuilder word = new StringBuilder();
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : ' ';
      if (Character.isLetterOrDigit(c)) {
        word.append(Character.toLowerCase(c));
      } else if (!word.isEmpty()) {
        String w = word.toString();
        word.setLength(0);
        if (!STOP.contains(w)) out.add(stem(w));
      }
    }
    return out;
  }

  /** Whether {@code word} (lower case) is a stop word. */
  static boolean isStop(String word) {
    return STOP.contains(word);
  }

  static String stem(String w) {
    if (w.length() > 5 && w.endsWith("ing")) return w.substring(0, w.length() - 3);
    if (w.length() > 4 && w.endsWith("ies")) return w.substring(0, w.length() - 3) + "y";
    if (w.length() > 4 && w.endsWith("ed")) return w.substring(0, w.length() - 2);
    if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss"))
      return w.substring(0, w.length() - 1);
    return w.toLowerCase(Locale.ROOT);
  }
}
