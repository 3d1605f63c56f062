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
  private static final Set<String> HONORIFICS =
      wordSet("mr mrs ms mx dr prof miss sir madam sr sra mme mlle herr frau");
  private static final Set<String> CUES =
      wordSet("dear hi hello hey regards sincerely thanks signed by with to i'm called named");
  private static final Set<String> CUE_PAIRS = Set.of("call me", "i am", "this is");
  private static final Set<String> STOP =
      wordSet(
          "the a an and or of in on at to for from with by is are was i my your his "
              + "her this that it we you he she they street road avenue st ave rd apt suite "
              + "monday tuesday wednesday thursday friday saturday sunday january february "
              + "march july august september october november december mr mrs ms dr prof inc "
              + "ltd llc co corp university bank");
  private static final Set<String> GIVEN = load();
  private static final List<String> SURNAME_ENDINGS =
      List.of(
          "sson sen ova eva ski ska sky dottir ovic evic enko escu poulos oglu yan berg mann stein"
              .concat(" wicz czyk shvili adze ovich evich ishi moto mura yama kawa ez inen nen")
              .split(" "));
  private static final Set<String> PLACE_BEFORE =
      wordSet("rua rue calle avenida av via ul corner street road avenue at in from near of");
  private static final Set<String> PLACE_AFTER =
      wordSet(
          "street st avenue ave road rd lane ln drive court ct place way boulevard "
              + "blvd bypass flat flats extension extensions terrace square hill hills park "
              + "gardens crescent close row mews parkway highway circle trail alley plaza u "
              + "utca ulica inc ltd llc plc gmbh ag corp corporation company group "
              + "investments capital partners bank holdings systems solutions technologies "
              + "software labs media foundation university institute associates transit "
              + "records studios agency insurance consulting services city county island "
              + "islands valley river lake mount");

  private record Word(int start, int end, String text) {
    boolean capitalised() {
      return Character.isUpperCase(text.charAt(0))
          && (text.length() == 1
              || !Character.isUpperCase(text.charAt(1))
                  && !text.equals(text.toUpperCase(Locale.ROOT)));
    }

    String key() {
      String s = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
      return fold(s);
    }
  }

  private enum Cue {
    NONE,
    WEAK,
    HONORIFIC,
    STRONG
  }

  @Override
  public void detect(String text, List<Finding> out) {
    List<Word> words = words(text);
    for (int i = 0; i < words.size(); i++) {
      Word w = words.get(i);
      boolean capitalised = w.capitalised();
      Cue cue = cue(text, words, i);
      if (!capitalised && cue != Cue.STRONG) continue;
      String key = w.key();
      boolean given = GIVEN.contains(key);
      if (STOP.contains(key)) continue;
      boolean shaped = !given && cue == Cue.NONE && nameShaped(text, words, i);
      if (!given && !shaped && cue != Cue.STRONG && cue != Cue.HONORIFIC) continue;
      int last = extend(text, words, i, cue == Cue.STRONG);
      if (cue != Cue.STRONG && placeOrOrganisation(text, words, i, last)) continue;
      double score;
      if (cue == Cue.STRONG) score = 0.85;
      else if (shaped) score = 0.6;
      else if (cue != Cue.NONE) score = given || last > i ? 0.75 : 0.6;
      else if (insideProperNoun(text, words, i)) continue;
      else if (last > i) score = 0.7;
      else score = sentenceStart(text, w.start()) ? 0.35 : 0.5;
      out.add(
          new Finding(
              "pii.person",
              w.start(),
              trimDot(words.get(last)),
              score,
              Severity.MEDIUM,
              PiiGuard.NAME));
      i = last;
    }
  }

  /** What the words just before word {@code i} say about it. */
  private static Cue cue(String text, List<Word> words, int i) {
    if (i == 0 || !shortGap(text, words.get(i - 1), words.get(i))) return Cue.NONE;
    String p1 = words.get(i - 1).key();
    String p2 =
        i >= 2 && shortGap(text, words.get(i - 2), words.get(i - 1)) ? words.get(i - 2).key() : "";
    String p3 = i >= 3 && !p2.isEmpty() ? words.get(i - 3).key() : "";
    if (p1.equals("is") && p2.equals("name") && p3.equals("my")
        || p1.equals("name's") && p2.equals("my")
        || p1.equals("name")
            && text.substring(words.get(i - 1).end(), words.get(i).start()).contains(":"))
      return Cue.STRONG;
    if (HONORIFICS.contains(p1)) return Cue.HONORIFIC;
    if (CUES.contains(p1) || CUE_PAIRS.contains(p2 + " " + p1)) return Cue.WEAK;
    return Cue.NONE;
  }

  /**
   * A capitalised word followed by a middle initial and another ("Janka M. Szasz"), or by a word
   * with a common surname ending ("-sson", "-ová", "-ski", "-enko"...).
   */
  private static boolean nameShaped(String text, List<Word> words, int i) {
    if (i + 1 >= words.size() || !singleSpace(text, words.get(i), words.get(i + 1))) return false;
    Word next = words.get(i + 1);
    if (words.get(i).text().length() < 2) return false;
    if (isInitial(next))
      return i + 2 < words.size()
          && singleSpace(text, next, words.get(i + 2))
          && words.get(i + 2).capitalised()
          && !STOP.contains(words.get(i + 2).key());
    if (!next.capitalised() || next.text().length() < 5) return false;
    String k = next.key();
    if (k.endsWith("'s")) k = k.substring(0, k.length() - 2);
    for (String end : SURNAME_ENDINGS) if (k.endsWith(end)) return true;
    return false;
  }

  /** Words that make a capitalised run a street, a place or a company rather than a person. */
  private static boolean placeOrOrganisation(String text, List<Word> words, int i, int last) {
    int before = words.get(i).start() - 1;
    while (before >= 0 && text.charAt(before) == ' ') before--;
    if (before >= 0 && Character.isDigit(text.charAt(before))) return true; // 12 Peter Street
    int after = words.get(last).end();
    while (after < text.length() && text.charAt(after) == ' ') after++;
    if (after < text.length() && Character.isDigit(text.charAt(after))) return true; // Rua Joao 12
    if (i > 0 && PLACE_BEFORE.contains(words.get(i - 1).key())) return true;
    for (int k = i + 1; k <= last + 1 && k < words.size(); k++)
      if (PLACE_AFTER.contains(words.get(k).key())) {
        if (k == last + 1 && !singleSpace(text, words.get(last), words.get(k))) break;
        return true;
      }
    return false;
  }

  private static boolean isInitial(Word w) {
    String t = w.text();
    return Character.isUpperCase(t.charAt(0))
        && (t.length() == 1 || t.length() == 2 && t.charAt(1) == '.');
  }

  private static boolean singleSpace(String text, Word a, Word b) {
    return b.start() == a.end() + 1 && text.charAt(a.end()) == ' ';
  }

  /**
   * A capitalised word just before, not itself opening a sentence: the name is part of a longer
   * proper noun (South Carolina, Fort George Henry, San Diego).
   */
  private static boolean insideProperNoun(String text, List<Word> words, int i) {
    if (i == 0) return false;
    Word prev = words.get(i - 1);
    return singleSpace(text, prev, words.get(i))
        && prev.capitalised()
        && !sentenceStart(text, prev.start());
  }

  /** Only spaces, a comma or a colon (at most three characters) between two words. */
  private static boolean shortGap(String text, Word a, Word b) {
    if (b.start() - a.end() > 3 || b.start() == a.end()) return false;
    for (int k = a.end(); k < b.start(); k++)
      if (" \t\n,:".indexOf(text.charAt(k)) < 0) return false;
    return true;
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

  private static int trimDot(Word w) {
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
    boolean ascii = true;
    for (int i = 0; i < s.length() && ascii; i++) ascii = s.charAt(i) < 128;
    if (ascii) return s.toLowerCase(Locale.ROOT);
    String n = Normalizer.normalize(s.toLowerCase(Locale.ROOT), Normalizer.Form.NFD);
    StringBuilder b = new StringBuilder(n.length());
    for (int i = 0; i < n.length(); i++)
      if (Character.getType(n.charAt(i)) != Character.NON_SPACING_MARK) b.append(n.charAt(i));
    return b.toString();
  }

  private static Set<String> wordSet(String spaced) {
    return Set.of(spaced.split(" "));
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
