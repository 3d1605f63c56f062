package dev.grounded.guard.pii;

import dev.grounded.guard.Finding;
import dev.grounded.guard.Severity;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Person names by light heuristics, no model: a cue before capitalised words ("my name is",
 * "Name:", "Dear", an honorific such as "Mrs." which stays outside the span), or a given name from
 * the bundled gazetteer ({@code first-names.txt}) followed by capitalised words. A lone gazetteer
 * name scores lower, and lower again at the start of a sentence.
 */
final class NameDetector implements Detector {
  private static final Pattern WORD = Pattern.compile("\\p{L}[\\p{L}\\p{M}'’-]*+\\.?");
  private static final Pattern STRONG_CUE =
      Pattern.compile("(?i)(?:\\bmy name is|\\bmy name's|\\bname\\s?:|\\bcalled)\\s{1,3}$");
  private static final Pattern CUE =
      Pattern.compile(
          "(?i)(?:\\b(?:mr|mrs|ms|mx|dr|prof|sr|sra|mme|mlle|herr|frau)\\.?|\\bmiss|\\bsir|\\bmadam"
              + "|\\bdear|\\bhi|\\bhello|\\bhey|\\bregards,?|\\bsincerely,?|\\bthanks,|\\bcall me"
              + "|\\bi am|\\bi'm|\\bthis is|\\bsigned,?|\\bby|\\bwith|\\bto)\\s{1,3}$");
  private static final Pattern HONORIFIC =
      Pattern.compile("(?i)\\b(?:mr|mrs|ms|mx|dr|prof|miss|sir|madam)\\.?\\s{1,3}$");
  private static final Set<String> STOP =
      Set.of(
          "the",
          "a",
          "an",
          "and",
          "or",
          "of",
          "in",
          "on",
          "at",
          "to",
          "for",
          "from",
          "with",
          "by",
          "is",
          "are",
          "was",
          "i",
          "my",
          "your",
          "his",
          "her",
          "this",
          "that",
          "it",
          "we",
          "you",
          "he",
          "she",
          "they",
          "street",
          "road",
          "avenue",
          "st",
          "ave",
          "rd",
          "apt",
          "suite",
          "monday",
          "tuesday",
          "wednesday",
          "thursday",
          "friday",
          "saturday",
          "sunday",
          "january",
          "february",
          "march",
          "july",
          "august",
          "september",
          "october",
          "november",
          "december",
          "mr",
          "mrs",
          "ms",
          "dr",
          "prof",
          "inc",
          "ltd",
          "llc",
          "co",
          "corp",
          "university",
          "bank");
  private static final Set<String> GIVEN = load();

  private record Word(int start, int end, String text) {
    boolean capitalised() {
      return Character.isUpperCase(text.charAt(0))
          && (text.length() < 3 || !text.equals(text.toUpperCase(Locale.ROOT)));
    }

    String key() {
      String s = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
      return fold(s);
    }
  }

  @Override
  public void detect(String text, List<Finding> out) {
    List<Word> words = words(text);
    for (int i = 0; i < words.size(); i++) {
      Word w = words.get(i);
      String before = text.substring(Math.max(0, w.start() - 16), w.start());
      boolean strong = STRONG_CUE.matcher(before).find();
      boolean cue = !strong && CUE.matcher(before).find();
      boolean given = GIVEN.contains(w.key());
      if (STOP.contains(w.key()) || !strong && !w.capitalised()) continue;
      if (!strong && !given && !(cue && HONORIFIC.matcher(before).find())) continue;
      int last = extend(text, words, i, strong);
      double score;
      if (strong) score = 0.85;
      else if (cue) score = given || last > i ? 0.75 : 0.6;
      else if (last > i) score = 0.7;
      else score = sentenceStart(text, w.start()) ? 0.35 : 0.5;
      out.add(
          new Finding(
              "pii.person",
              w.start(),
              trimDot(text, words.get(last)),
              score,
              Severity.MEDIUM,
              PiiGuard.NAME));
      i = last;
    }
  }

  /** The last word of the name starting at {@code i}: up to three more capitalised words. */
  private static int extend(String text, List<Word> words, int i, boolean anyCase) {
    int last = i;
    for (int k = i + 1; k < words.size() && k <= i + 3; k++) {
      Word prev = words.get(k - 1), next = words.get(k);
      String gap = text.substring(prev.end(), next.start());
      boolean initial = next.text().length() <= 2 && Character.isUpperCase(next.text().charAt(0));
      if (!gap.equals(" ") || STOP.contains(next.key())) break;
      if (!(next.capitalised() || initial || anyCase && k == i + 1)) break;
      last = k;
    }
    return last;
  }

  private static int trimDot(String text, Word w) {
    return w.text().endsWith(".") && w.text().length() > 2 ? w.end() - 1 : w.end();
  }

  private static boolean sentenceStart(String text, int start) {
    int p = start - 1;
    while (p >= 0 && text.charAt(p) == ' ') p--;
    return p < 0 || ".!?\n\"“:".indexOf(text.charAt(p)) >= 0;
  }

  private static List<Word> words(String text) {
    List<Word> words = new java.util.ArrayList<>();
    Matcher m = WORD.matcher(text);
    while (m.find()) words.add(new Word(m.start(), m.end(), m.group()));
    return words;
  }

  static String fold(String s) {
    String n = Normalizer.normalize(s.toLowerCase(Locale.ROOT), Normalizer.Form.NFD);
    StringBuilder b = new StringBuilder(n.length());
    for (int i = 0; i < n.length(); i++)
      if (Character.getType(n.charAt(i)) != Character.NON_SPACING_MARK) b.append(n.charAt(i));
    return b.toString();
  }

  private static Set<String> load() {
    Set<String> names = new HashSet<>();
    try (InputStream in = NameDetector.class.getResourceAsStream("first-names.txt");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; )
        if (!line.startsWith("#")) for (String n : line.trim().split("\\s+")) names.add(fold(n));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    names.remove("");
    return Set.copyOf(names);
  }
}
