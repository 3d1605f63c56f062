package dev.grounded.gateway.cache;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the semantic-cache verifier reads from one prompt turn besides its vector: the numbers it
 * names, whether it is negated, its content words and its capitalized (name-like) words.
 *
 * <p>Words are lower-cased and crudely stemmed, stop words dropped, as grounded-answer's {@code
 * Terms} does for support checking (gateway cannot depend on grounded-answer, which depends on it).
 * Numbers keep their digits ({@code 1,000} and {@code 1000} are the same number; {@code 18.51} and
 * {@code 18.5} differ) and include number words ({@code two}, {@code million}, {@code first}).
 *
 * @param tokens how many word and number tokens the text has
 * @param numbers digit numbers and number words, normalized
 * @param negated whether a negation word ({@code not}, {@code no}, {@code never}, {@code n't}, …)
 *     occurs
 * @param content stemmed content words (no stop words, negations or numbers)
 * @param capitalized stemmed words written with a capital letter other than the first token: names,
 *     places, organizations
 */
public record PromptTerms(
    int tokens,
    Set<String> numbers,
    boolean negated,
    Set<String> content,
    Set<String> capitalized) {
  private static final Pattern TOKEN = Pattern.compile("\\p{L}+|\\d+(?:[.,]\\d+)*");
  private static final Set<String> STOP =
      Set.of(
          "a", "an", "the", "and", "or", "but", "if", "of", "at", "by", "for", "with", "about",
          "to", "from", "in", "on", "is", "are", "was", "were", "be", "been", "being", "do", "does",
          "did", "have", "has", "had", "what", "which", "who", "whom", "whose", "when", "where",
          "why", "how", "this", "that", "these", "those", "i", "you", "he", "she", "it", "we",
          "they", "me", "my", "your", "its", "our", "their", "should", "would", "could", "can",
          "will", "shall", "may", "might", "must", "as", "into", "than", "then", "there", "so",
          "such", "many", "much", "any", "some", "all", "each", "s");
  private static final Set<String> NEGATIONS =
      Set.of(
          "not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "nowhere", "cannot",
          "without", "t");
  private static final Set<String> NUMBER_WORDS =
      Set.of(
          "zero",
          "one",
          "two",
          "three",
          "four",
          "five",
          "six",
          "seven",
          "eight",
          "nine",
          "ten",
          "eleven",
          "twelve",
          "twenty",
          "thirty",
          "forty",
          "fifty",
          "hundred",
          "thousand",
          "million",
          "billion",
          "first",
          "second",
          "third");

  public PromptTerms {
    if (tokens < 0) throw new IllegalArgumentException("tokens must be >= 0: " + tokens);
    numbers = Set.copyOf(numbers);
    content = Set.copyOf(content);
    capitalized = Set.copyOf(capitalized);
  }

  /** Reads the terms of {@code text}. */
  public static PromptTerms of(String text) {
    Set<String> numbers = new HashSet<>();
    Set<String> content = new HashSet<>();
    Set<String> capitalized = new HashSet<>();
    boolean negated = false;
    int tokens = 0;
    Matcher m = TOKEN.matcher(text);
    while (m.find()) {
      String token = m.group();
      String lower = token.toLowerCase(Locale.ROOT);
      boolean first = tokens++ == 0;
      if (Character.isDigit(token.charAt(0))) {
        numbers.add(token.replace(",", ""));
      } else if (NUMBER_WORDS.contains(lower)) {
        numbers.add(lower);
        content.add(lower);
      } else if (NEGATIONS.contains(lower)) {
        negated = true;
      } else if (!STOP.contains(lower)) {
        String stem = stem(lower);
        content.add(stem);
        if (!first && Character.isUpperCase(token.charAt(0))) capitalized.add(stem);
      }
    }
    return new PromptTerms(tokens, numbers, negated, content, capitalized);
  }

  static String stem(String w) {
    if (w.length() > 5 && w.endsWith("ing")) return w.substring(0, w.length() - 3);
    if (w.length() > 4 && w.endsWith("ies")) return w.substring(0, w.length() - 3) + "y";
    if (w.length() > 4 && w.endsWith("ed")) return w.substring(0, w.length() - 2);
    if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss"))
      return w.substring(0, w.length() - 1);
    return w;
  }
}
