package dev.grounded.eval.answer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grounded.answer.LexicalSupport;
import dev.grounded.eval.SharedData;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Validates the offline support checker on labelled pairs: hand-written cases, pairs derived from
 * SQuAD paragraphs, and STS-B sentence pairs. Each prints its confusion counts.
 */
class LexicalSupportTest {
  private final LexicalSupport checker = new LexicalSupport();

  record Pair(String claim, String source, boolean supported) {}

  /** Counts of a checker's verdicts against labels. */
  record Confusion(int tp, int fp, int tn, int fn) {
    double precision() {
      return tp / (double) (tp + fp);
    }

    double recall() {
      return tp / (double) (tp + fn);
    }

    double accuracy() {
      return (tp + tn) / (double) (tp + fp + tn + fn);
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "n=%d accuracy %.3f precision %.3f recall %.3f (tp %d fp %d tn %d fn %d)",
          tp + fp + tn + fn,
          accuracy(),
          precision(),
          recall(),
          tp,
          fp,
          tn,
          fn);
    }
  }

  Confusion confusion(List<Pair> pairs) {
    return confusion(checker, pairs);
  }

  static Confusion confusion(dev.grounded.answer.SupportChecker checker, List<Pair> pairs) {
    int tp = 0, fp = 0, tn = 0, fn = 0;
    for (Pair p : pairs) {
      boolean said = checker.supports(p.claim(), p.source());
      if (said && p.supported()) tp++;
      else if (said) fp++;
      else if (p.supported()) fn++;
      else tn++;
    }
    return new Confusion(tp, fp, tn, fn);
  }

  static final String SOURCE =
      "The Normans were the people who in the 10th and 11th centuries gave their name to Normandy,"
          + " a region in France. They were descended from Norse raiders and pirates from Denmark,"
          + " Iceland and Norway who, under their leader Rollo, agreed to swear fealty to King"
          + " Charles III of West Francia.";

  @Test
  void handLabelledCasesSupportQuotesAndLightEditsButNotChangedFactsOrNegations() {
    Confusion c = confusion(handLabelled());
    System.out.println("LexicalSupport, hand-labelled: " + c);
    assertThat(c.fp()).as("nothing unsupported passes: " + c).isZero();
    assertThat(c.fn()).as("only the reworded paraphrase is missed: " + c).isEqualTo(1);
  }

  /** Quotes and light edits of one source, changed facts, a negation, unrelated text. */
  static List<Pair> handLabelled() {
    return List.of(
        new Pair("The Normans gave their name to Normandy, a region in France.", SOURCE, true),
        new Pair("Normandy is a region in France.", SOURCE, true),
        new Pair("Rollo was their leader.", SOURCE, true),
        new Pair("The Norse raiders came from Denmark, Iceland and Norway.", SOURCE, true),
        new Pair("They agreed to swear fealty to King Charles III.", SOURCE, true),
        new Pair(
            "In the 10th and 11th centuries the Normans gave their name to Normandy.",
            SOURCE,
            true),
        // changed facts
        new Pair("The Normans gave their name to Normandy in the 9th century.", SOURCE, false),
        new Pair("Rollo swore fealty to King Charles IV.", SOURCE, false),
        new Pair("The Norse raiders came from Sweden.", SOURCE, false),
        new Pair("Normandy is a region in Spain.", SOURCE, false),
        // negation the source does not carry
        new Pair("The Normans did not give their name to Normandy.", SOURCE, false),
        // unrelated
        new Pair("Steam engines pumped water out of mines.", SOURCE, false),
        new Pair("", SOURCE, false),
        // a paraphrase in other words: supported, but a lexical checker misses it (a known
        // limit, counted, not hidden)
        new Pair("Their chief promised loyalty to a Frankish king.", SOURCE, true));
  }

  @Test
  void squadDerivedPairsAreJudgedAlmostPerfectly() throws Exception {
    List<Pair> pairs = squadDerived();
    Confusion c = confusion(pairs);
    System.out.println("LexicalSupport, SQuAD-derived: " + c);
    assertThat(pairs.size()).isGreaterThan(500);
    assertThat(c.precision()).as(c.toString()).isGreaterThanOrEqualTo(0.97);
    assertThat(c.recall()).as(c.toString()).isGreaterThanOrEqualTo(0.97);
  }

  static List<Pair> squadDerived() throws Exception {
    // Positives: a sentence of a paragraph, verbatim or with its first two words dropped.
    // Negatives: a sentence of another article, and a sentence of the paragraph with a number
    // changed. Seeded, so the set is the same every run.
    var data = QaDataset.read(SharedData.squad());
    List<String[]> paragraphs = new ArrayList<>(); // {article, text}
    for (var c : data.contexts()) paragraphs.add(new String[] {c.title(), c.text()});
    Random random = new Random(20261123);
    Pattern number = Pattern.compile("\\b\\d{2,4}\\b");
    List<Pair> pairs = new ArrayList<>();
    for (int i = 0; i < paragraphs.size(); i += 3) {
      String[] p = paragraphs.get(i);
      List<String> sentences = sentences(p[1]);
      if (sentences.isEmpty()) continue;
      String s = sentences.get(random.nextInt(sentences.size()));
      pairs.add(new Pair(s, p[1], true));
      String[] words = s.split(" ");
      if (words.length > 6)
        pairs.add(new Pair(String.join(" ", List.of(words).subList(2, words.length)), p[1], true));
      String[] other;
      do other = paragraphs.get(random.nextInt(paragraphs.size()));
      while (other[0].equals(p[0]));
      List<String> otherSentences = sentences(other[1]);
      if (!otherSentences.isEmpty())
        pairs.add(new Pair(otherSentences.get(random.nextInt(otherSentences.size())), p[1], false));
      for (String t : sentences) {
        Matcher m = number.matcher(t);
        if (m.find()) {
          int changed = Integer.parseInt(m.group()) + 1 + random.nextInt(9);
          pairs.add(
              new Pair(t.substring(0, m.start()) + changed + t.substring(m.end()), p[1], false));
          break;
        }
      }
    }
    return pairs;
  }

  @Test
  void stsBenchmarkParaphrasesShowTheCheckersPrecisionAndItsLimitedRecall() throws Exception {
    // STS-B dev: pairs scored >= 4.5 (near-paraphrases) as supported, <= 1.0 as unsupported.
    List<Pair> pairs = stsb("sts-dev.csv", 1.0);
    Confusion c = confusion(pairs);
    System.out.println("LexicalSupport, STS-B dev: " + c);
    assertThat(pairs.size()).isGreaterThan(300);
    assertThat(c.precision()).as(c.toString()).isGreaterThanOrEqualTo(0.95);
    assertThat(c.recall()).as(c.toString()).isGreaterThanOrEqualTo(0.3);
  }

  /** STS-B pairs scored >= 4.5 as supported, <= {@code maxUnsupported} as unsupported. */
  static List<Pair> stsb(String file, double maxUnsupported) throws Exception {
    List<Pair> pairs = new ArrayList<>();
    for (String line : Files.readAllLines(SharedData.stsb().resolve(file))) {
      String[] f = line.split("\t");
      if (f.length < 7) continue;
      double score = Double.parseDouble(f[4]);
      if (score >= 4.5) pairs.add(new Pair(f[6], f[5], true));
      else if (score <= maxUnsupported) pairs.add(new Pair(f[6], f[5], false));
    }
    return pairs;
  }

  private static List<String> sentences(String text) {
    List<String> out = new ArrayList<>();
    for (String s : text.split("(?<=[.!?])\\s+(?=[A-Z])"))
      if (s.split(" ").length >= 6) out.add(s.strip());
    return out;
  }
}
