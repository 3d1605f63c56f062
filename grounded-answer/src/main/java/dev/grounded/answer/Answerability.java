package dev.grounded.answer;

import dev.grounded.index.TermStatistics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether a quoted sentence (and the chunk it comes from) answers the question, as cheap text
 * features: the answer type the question expects and whether the sentence has one, how much of the
 * question's words and names the sentence and its chunk cover (IDF-weighted when the collection's
 * {@link TermStatistics} are known), the rarest question word the chunk lacks, numbers of the
 * question the chunk lacks, a negation in one but not the other, the margin to the runner-up
 * sentence and the sentence's own score. {@link AnswerabilityModel} turns them into one confidence.
 */
public final class Answerability {
  private Answerability() {}

  /** What kind of answer a question asks for. */
  public enum AnswerType {
    /** how much, how many, a cost or price: a number or an amount of money */
    QUANTITY,
    /** when, what year: a date or time */
    DATE,
    /** who: a person or an organisation, named */
    PERSON,
    /** where: a place */
    PLACE,
    /** what, which, why, yes/no...: no type to check */
    NONE
  }

  /** The feature names, in the order of {@link Features#values()}. */
  public static final List<String> NAMES =
      List.of(
          "score",
          "cosine",
          "overlap",
          "idf_sentence",
          "idf_chunk",
          "rarest_missing",
          "number_missing",
          "entity_missing",
          "type_expected",
          "type_missing_sentence",
          "type_missing_chunk",
          "negation_mismatch",
          "margin",
          "rarest_missing_sentence",
          "number_missing_sentence",
          "entity_missing_sentence",
          "question_words",
          "sentence_words",
          "novel_words",
          "question_negated",
          "modifier_missing",
          "antonym");

  /**
   * The features of one candidate sentence, named by {@link #NAMES}.
   *
   * @param values one per name
   * @param type the answer type the question expects
   */
  public record Features(double[] values, AnswerType type) {
    public Features {
      if (values.length != NAMES.size())
        throw new IllegalArgumentException("expected " + NAMES.size() + " feature values");
      values = values.clone();
    }

    @Override
    public double[] values() {
      return values.clone();
    }

    public double get(String name) {
      int i = NAMES.indexOf(name);
      if (i < 0) throw new IllegalArgumentException("no feature " + name);
      return values[i];
    }

    /** Name → value, in order. */
    public Map<String, Double> asMap() {
      Map<String, Double> m = new LinkedHashMap<>();
      for (int i = 0; i < values.length; i++) m.put(NAMES.get(i), values[i]);
      return m;
    }
  }

  /**
   * The features of {@code sentence} from {@code chunk} as an answer to {@code question}.
   *
   * @param score the sentence's extractive score
   * @param cosine its embedding similarity to the question
   * @param runnerUp the score of the best other sentence (0 when there is none)
   */
  public static Features of(
      String question,
      String sentence,
      String chunk,
      double score,
      double cosine,
      double runnerUp,
      TermStatistics stats) {
    List<String> words = contentWords(question);
    Set<String> inSentence = Terms.of(sentence), inChunk = Terms.of(chunk);
    double total = 0, coveredS = 0, coveredC = 0, maxIdf = 0, rarestMissing = 0, rarestMissingS = 0;
    int plainS = 0;
    for (String w : words) {
      String stem = Terms.stem(w);
      double idf = stats.idf(w);
      if (Double.isNaN(idf) || idf <= 0) idf = 1;
      total += idf;
      maxIdf = Math.max(maxIdf, idf);
      if (inSentence.contains(stem)) {
        coveredS += idf;
        plainS++;
      } else rarestMissingS = Math.max(rarestMissingS, idf);
      if (inChunk.contains(stem)) coveredC += idf;
      else rarestMissing = Math.max(rarestMissing, idf);
    }
    AnswerType type = expectedType(question);
    double[] v = new double[NAMES.size()];
    v[0] = score;
    v[1] = cosine;
    v[2] = words.isEmpty() ? 0 : plainS / (double) words.size();
    v[3] = total == 0 ? 0 : coveredS / total;
    v[4] = total == 0 ? 0 : coveredC / total;
    v[5] = maxIdf == 0 ? 0 : rarestMissing / maxIdf;
    v[6] = numbersMissing(question, chunk) ? 1 : 0;
    v[7] = entitiesMissing(question, inChunk);
    v[8] = type == AnswerType.NONE ? 0 : 1;
    // the answer is what the sentence adds to the question: its type is looked for there
    Set<String> asked = Terms.of(question);
    v[9] = type != AnswerType.NONE && !hasType(type, beyond(sentence, asked)) ? 1 : 0;
    v[10] = type != AnswerType.NONE && !hasType(type, beyond(chunk, asked)) ? 1 : 0;
    v[11] = negated(question) != negated(sentence) ? 1 : 0;
    v[12] = score - runnerUp;
    v[13] = maxIdf == 0 ? 0 : rarestMissingS / maxIdf;
    v[14] = numbersMissing(question, sentence) ? 1 : 0;
    v[15] = entitiesMissing(question, inSentence);
    v[16] = Math.min(words.size(), 20) / 10.0;
    v[17] = Math.min(sentence.split("\\s+").length, 100) / 50.0;
    long novel = inSentence.stream().filter(t -> !asked.contains(t)).count();
    v[18] = inSentence.isEmpty() ? 0 : novel / (double) inSentence.size();
    v[19] = negated(question) ? 1 : 0;
    v[20] = modifierMissing(question, sentence) ? 1 : 0;
    v[21] = antonym(question, sentence) ? 1 : 0;
    return new Features(v, type);
  }

  /**
   * The text with the words it shares with the question replaced by a neutral "x" (so sentence
   * starts stay where they were): what the text adds to the question.
   */
  static String beyond(String text, Set<String> asked) {
    StringBuilder b = new StringBuilder(text.length());
    for (String token : text.split("\\s+")) {
      Set<String> t = Terms.of(token);
      if (!b.isEmpty()) b.append(' ');
      if (!t.isEmpty() && asked.containsAll(t))
        b.append('x').append(token.replaceAll("^.*?([.!?:]?)$", "$1"));
      else b.append(token);
    }
    return b.toString();
  }

  /** The question's content words, lower-cased and unstemmed (so they can be looked up). */
  static List<String> contentWords(String text) {
    List<String> out = new ArrayList<>();
    Set<String> stems = new java.util.HashSet<>();
    for (String w : WORD.split(text.toLowerCase(Locale.ROOT))) {
      if (w.isEmpty() || Terms.isStop(w) || QUESTION_WORDS.contains(w)) continue;
      if (stems.add(Terms.stem(w))) out.add(w);
    }
    return out;
  }

  private static final Pattern WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

  /** Words that shape a question but name nothing it is about. */
  private static final Set<String> QUESTION_WORDS =
      Set.of("name", "named", "called", "type", "kind", "example", "term", "word", "mean", "means");

  private static final Pattern QUANTITY_Q =
      Pattern.compile(
          "\\bhow (much|many|long|far|big|large|old|tall|high|often|wide|deep|fast|heavy|small)\\b"
              + "|\\b(cost|costs|price|priced|fee|fees|percentage|percent|salary|budget|amount)\\b"
              + "|\\b(what|which) (number|size|length|amount|proportion|share|fraction)\\b"
              + "|\\bnumber of\\b");
  private static final Pattern DATE_Q =
      Pattern.compile(
          "\\bwhen\\b|\\b(what|which) (year|years|date|day|month|century|decade|era|time|period)\\b"
              + "|\\bhow long ago\\b|\\bsince when\\b");
  private static final Pattern PERSON_Q =
      Pattern.compile(
          "\\bwho\\b|\\bwhom\\b|\\bwhose\\b|\\b(what|which) (person|people|man|woman|author"
              + "|company|organi[sz]ation|group|team|king|president|scientist|writer)\\b");
  private static final Pattern PLACE_Q =
      Pattern.compile(
          "\\bwhere\\b|\\b(what|which) (country|countries|city|cities|state|place|town|region"
              + "|continent|island|river|location|area|county|province)\\b");

  /** The answer type {@code question} expects. */
  public static AnswerType expectedType(String question) {
    String q = question.toLowerCase(Locale.ROOT);
    // "how long ago", "what year" before "how long": the more specific reading wins
    if (DATE_Q.matcher(q).find()) return AnswerType.DATE;
    if (QUANTITY_Q.matcher(q).find()) return AnswerType.QUANTITY;
    if (PERSON_Q.matcher(q).find()) return AnswerType.PERSON;
    if (PLACE_Q.matcher(q).find()) return AnswerType.PLACE;
    return AnswerType.NONE;
  }

  private static final Pattern NUMBER_WORDS =
      Pattern.compile(
          "\\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
              + "|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty"
              + "|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|trillions?|dozens?"
              + "|half|twice|double|triple|single|percent|per cent|several|few|handful)\\b");
  private static final Pattern DIGIT = Pattern.compile("\\d|[$€£¥%]");
  private static final Pattern DATE_TEXT =
      Pattern.compile(
          "\\b(1[0-9]{3}|20[0-9]{2})s?\\b|\\b\\d{4}-\\d{2}-\\d{2}\\b"
              + "|\\b(january|february|march|april|may|june|july|august|september|october"
              + "|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\\b"
              + "|\\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\\b"
              + "|\\b(century|centuries|decade|decades|ago|yesterday|today|tomorrow"
              + "|bc|bce|ad|ce)\\b");
  private static final Pattern PLACE_TEXT =
      Pattern.compile(
          "\\b(city|country|state|town|village|region|continent|island|river|coast|north"
              + "|south|east|west|northern|southern|eastern|western|capital|province|county"
              + "|street|building|university|headquarters)\\b");
  private static final Pattern PLACE_CAPITALISED =
      Pattern.compile(
          "\\b(in|at|from|near|to|into|across|throughout|outside|inside) (the )?\\p{Lu}");

  /** Whether {@code text} holds an answer of {@code type}. */
  public static boolean hasType(AnswerType type, String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    return switch (type) {
      case QUANTITY -> DIGIT.matcher(text).find() || NUMBER_WORDS.matcher(lower).find();
      case DATE -> DATE_TEXT.matcher(lower).find();
      case PERSON -> hasName(text);
      case PLACE -> PLACE_CAPITALISED.matcher(text).find() || PLACE_TEXT.matcher(lower).find();
      case NONE -> true;
    };
  }

  private static final Set<String> NOT_NAMES =
      Set.of(
          "I",
          "The",
          "A",
          "An",
          "This",
          "That",
          "These",
          "Those",
          "It",
          "In",
          "On",
          "At",
          "For",
          "But",
          "And",
          "If",
          "When",
          "While",
          "However",
          "January",
          "February",
          "March",
          "April",
          "May",
          "June",
          "July",
          "August",
          "September",
          "October",
          "November",
          "December",
          "Monday",
          "Tuesday",
          "Wednesday",
          "Thursday",
          "Friday",
          "Saturday",
          "Sunday");

  /**
   * A capitalised word that does not start a sentence (nor is a month, a day or a function word): a
   * name, roughly.
   */
  static boolean hasName(String text) {
    String[] tokens = text.split("\\s+");
    boolean start = true;
    for (String raw : tokens) {
      String t = raw.replaceAll("^[^\\p{L}]+|[^\\p{L}]+$", "");
      if (!start
          && t.length() > 1
          && Character.isUpperCase(t.charAt(0))
          && t.chars().skip(1).anyMatch(Character::isLowerCase)
          && !NOT_NAMES.contains(t)) return true;
      start = raw.endsWith(".") || raw.endsWith("!") || raw.endsWith("?") || raw.endsWith(":");
    }
    return false;
  }

  private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)*");

  /** Whether the question gives a number (a year, a version, a count) that the chunk lacks. */
  static boolean numbersMissing(String question, String chunk) {
    var m = NUMBER.matcher(question);
    while (m.find()) {
      String n = m.group();
      if (!Pattern.compile("(?<![\\d.,])" + Pattern.quote(n) + "(?![\\d]|[.,]\\d)")
          .matcher(chunk)
          .find()) return true;
    }
    return false;
  }

  /**
   * The share of the names in the question (capitalised words past its first, and words with digits
   * or inner capitals) that the chunk lacks; 0 for a question without names.
   */
  static double entitiesMissing(String question, Set<String> chunkTerms) {
    String[] tokens = question.split("\\s+");
    int names = 0, missing = 0;
    for (int i = 1; i < tokens.length; i++) {
      String t = tokens[i].replaceAll("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$", "");
      if (t.isEmpty() || NOT_NAMES.contains(t)) continue;
      boolean name =
          Character.isUpperCase(t.charAt(0))
              || t.chars().anyMatch(Character::isDigit)
              || t.chars().skip(1).anyMatch(Character::isUpperCase);
      if (!name) continue;
      Set<String> parts = Terms.of(t);
      if (parts.isEmpty()) continue;
      names++;
      if (!chunkTerms.containsAll(parts)) missing++;
    }
    return names == 0 ? 0 : missing / (double) names;
  }

  /**
   * Words that narrow what a question asks (the first, the least, rarely...): a sentence without
   * them answers a different question, the trap of many unanswerable ones.
   */
  private static final Pattern MODIFIER =
      Pattern.compile(
          "\\b(rarely|seldom|least|fewest|lowest|smallest|first|last|earliest|latest|only|most"
              + "|highest|largest|biggest|best|worst|before|after|never|always|previous|next"
              + "|former|original|current|second|third|main|primary|exact|exactly)\\b");

  static boolean modifierMissing(String question, String sentence) {
    var m = MODIFIER.matcher(question.toLowerCase(Locale.ROOT));
    String s = sentence.toLowerCase(Locale.ROOT);
    while (m.find()) if (!Pattern.compile("\\b" + m.group() + "\\b").matcher(s).find()) return true;
    return false;
  }

  private static final String[][] ANTONYMS = {
    {"increase", "decrease"},
    {"more", "less"},
    {"more", "fewer"},
    {"larger", "smaller"},
    {"large", "small"},
    {"high", "low"},
    {"higher", "lower"},
    {"early", "late"},
    {"earlier", "later"},
    {"before", "after"},
    {"first", "last"},
    {"north", "south"},
    {"east", "west"},
    {"northern", "southern"},
    {"eastern", "western"},
    {"win", "lose"},
    {"won", "lost"},
    {"accept", "reject"},
    {"accepted", "rejected"},
    {"allow", "forbid"},
    {"allowed", "forbidden"},
    {"allow", "prohibit"},
    {"legal", "illegal"},
    {"public", "private"},
    {"major", "minor"},
    {"positive", "negative"},
    {"maximum", "minimum"},
    {"internal", "external"},
    {"inside", "outside"},
    {"old", "new"},
    {"older", "newer"},
    {"rise", "fall"},
    {"gain", "loss"},
    {"success", "failure"},
    {"strong", "weak"},
    {"support", "oppose"},
    {"supported", "opposed"},
    {"start", "end"},
    {"begin", "end"},
    {"began", "ended"},
    {"upper", "lower"},
    {"import", "export"},
    {"imported", "exported"},
    {"buy", "sell"},
    {"bought", "sold"},
    {"open", "closed"},
    {"most", "least"},
    {"always", "never"},
    {"true", "false"},
    {"same", "different"},
    {"include", "exclude"},
    {"included", "excluded"},
    {"common", "rare"},
    {"easy", "hard"},
    {"easier", "harder"},
    {"fast", "slow"},
    {"faster", "slower"},
    {"long", "short"},
    {"longer", "shorter"},
    {"best", "worst"},
    {"better", "worse"},
    {"agree", "disagree"},
    {"light", "heavy"},
    {"cheap", "expensive"},
    {"rich", "poor"},
    {"modern", "ancient"}
  };

  /** Whether the question has a word the sentence lacks while the sentence has its opposite. */
  static boolean antonym(String question, String sentence) {
    Set<String> q = new java.util.HashSet<>(List.of(WORD.split(question.toLowerCase(Locale.ROOT))));
    Set<String> s = new java.util.HashSet<>(List.of(WORD.split(sentence.toLowerCase(Locale.ROOT))));
    for (String[] pair : ANTONYMS)
      for (int i = 0; i < 2; i++)
        if (q.contains(pair[i]) && !s.contains(pair[i]) && s.contains(pair[1 - i])) return true;
    return false;
  }

  private static final Pattern NEGATION =
      Pattern.compile("\\b(not|no|never|none|nor|without|cannot)\\b|n't\\b");

  static boolean negated(String text) {
    return NEGATION.matcher(text.toLowerCase(Locale.ROOT).replace('’', '\'')).find();
  }
}
