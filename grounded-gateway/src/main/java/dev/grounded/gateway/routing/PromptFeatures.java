package dev.grounded.gateway.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the classifier router sees of a prompt: a few surface features (length, question words,
 * numbers, names) and, when the model was trained with one, the prompt's embedding appended.
 */
public final class PromptFeatures {
  private static final List<String> QUESTION_WORDS =
      List.of("what", "who", "when", "where", "why", "how", "which");
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}']+");
  private static final Pattern NUMBER = Pattern.compile("\\p{N}+(?:[.,]\\p{N}+)*");
  private static final Pattern WH =
      Pattern.compile("(?i)\\b(what|who|whom|whose|when|where|why|how|which)\\b");

  /** The surface features' names, in vector order (the embedding's dimensions follow). */
  public static final List<String> SURFACE = surfaceNames();

  private PromptFeatures() {}

  private static List<String> surfaceNames() {
    List<String> n = new ArrayList<>();
    n.add("log_chars");
    n.add("log_words");
    n.add("mean_word_length");
    n.add("question_marks");
    n.add("numbers");
    n.add("names");
    n.add("how_many_or_much");
    n.add("quotes_or_parentheses");
    for (String w : QUESTION_WORDS) n.add("wh_" + w);
    n.add("wh_none");
    return List.copyOf(n);
  }

  /** The feature names of a vector with {@code dimensions} embedding values appended. */
  public static List<String> names(int dimensions) {
    List<String> n = new ArrayList<>(SURFACE);
    for (int i = 0; i < dimensions; i++) n.add("embedding_" + i);
    return List.copyOf(n);
  }

  /**
   * The feature vector of {@code text}.
   *
   * @param embedding the text's embedding, or an empty array for a model trained without one
   */
  public static double[] vector(String text, float[] embedding) {
    double[] v = new double[SURFACE.size() + embedding.length];
    Matcher words = WORD.matcher(text);
    int count = 0;
    int letters = 0;
    int names = 0;
    while (words.find()) {
      String w = words.group();
      if (count > 0 && Character.isUpperCase(w.codePointAt(0))) names++;
      count++;
      letters += w.length();
    }
    int numbers = 0;
    for (Matcher m = NUMBER.matcher(text); m.find(); ) numbers++;
    String lower = text.toLowerCase(Locale.ROOT);
    int i = 0;
    v[i++] = Math.log1p(text.length());
    v[i++] = Math.log1p(count);
    v[i++] = count == 0 ? 0 : (double) letters / count;
    v[i++] = Math.min(3, lower.chars().filter(c -> c == '?').count());
    v[i++] = Math.log1p(numbers);
    v[i++] = Math.log1p(names);
    v[i++] = lower.contains("how many") || lower.contains("how much") ? 1 : 0;
    v[i++] = text.matches("(?s).*[\"“”()].*") ? 1 : 0;
    Matcher wh = WH.matcher(text);
    String first = wh.find() ? wh.group(1).toLowerCase(Locale.ROOT) : "";
    if (first.startsWith("wh") && first.length() > 4 && !QUESTION_WORDS.contains(first))
      first = "who"; // whom, whose
    int slot = QUESTION_WORDS.indexOf(first);
    v[i + (slot < 0 ? QUESTION_WORDS.size() : slot)] = 1;
    i += QUESTION_WORDS.size() + 1;
    for (float e : embedding) v[i++] = e;
    return v;
  }
}
