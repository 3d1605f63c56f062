package dev.grounded.guard.injection;

import dev.grounded.guard.injection.InjectionData.Attack;
import dev.grounded.guard.injection.InjectionData.Labelled;
import dev.grounded.guard.linear.LogisticTrainer.Example;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The training examples of the two injection models, built from the training material of {@link
 * InjectionData} only, deterministically for a seed. Benign texts the thresholds are chosen on are
 * returned beside the examples, each tagged {@code group + '\\u0000' + text} so that it is scored
 * by the cross-validation model that did not see it.
 */
final class InjectionExamples {
  static final int CHUNK_WINDOW = 160;
  static final int CHUNK_STRIDE = 80;
  static final int SCIFACT_ABSTRACTS = 1500;
  static final int PLANTED_COPIES = 4;
  static final boolean CODE_ALONE_IS_DATA = true;
  static final int SENTENCE_SAMPLE = 4;
  static final int AUGMENT = 3;
  static final int AUGMENT_MAX_CHARS = 300;
  static final boolean BALANCE_SOURCES = true;
  private static final java.util.regex.Pattern SENTENCE =
      java.util.regex.Pattern.compile("(?<=[.!?])\\s+|\\n+|\\|");
  static final double HARD_BENIGN = 4;
  static final double EASY_BENIGN = 0.25;

  private InjectionExamples() {}

  record InputSet(List<Example> examples, Map<String, List<String>> benign) {}

  /**
   * Prompts: deepset train (both labels), NotInject validation's PINT entries, benign questions
   * (SciFact train claims, SQuAD questions of even articles); each prompt its own group.
   */
  static InputSet inputs(InjectionData data, long seed) {
    Map<String, List<Labelled>> sources = new LinkedHashMap<>();
    sources.put("deepset train", data.deepset("train"));
    sources.put("pint (NotInject valid)", data.notInjectValidation());
    sources.put("scifact train claims", benign(data.scifactQueries("train")));
    sources.put("squad even-article questions", benign(data.squadQuestions(true)));
    int positives = 0;
    int negatives = 0;
    for (List<Labelled> list : sources.values())
      for (Labelled l : list)
        if (l.injection()) positives++;
        else negatives++;
    // Benign prompts of the injection sets are the hard negatives: they weigh 4, benign questions
    // of the QA sets 0.25; the injections together weigh half the benign count.
    double positiveWeight = 0.5 * negatives / positives;
    List<Example> examples = new ArrayList<>();
    Map<String, List<String>> benign = new LinkedHashMap<>();
    for (Map.Entry<String, List<Labelled>> e : sources.entrySet()) {
      List<String> tagged = new ArrayList<>();
      for (Labelled l : e.getValue()) {
        String group = "p" + examples.size();
        examples.add(
            new Example(l.text(), l.injection(), l.injection() ? positiveWeight : 1, group));
        if (!l.injection()) tagged.add(group + '\u0000' + l.text());
      }
      benign.put(e.getKey() + " benign", tagged);
    }
    // Many injections ride on an ordinary request ("<question>. Forget the above and ..."): each
    // short deepset train injection is also appended to AUGMENT random deepset train benign
    // prompts, in its own group (so cross-validation never scores it against its copies).
    List<Labelled> deepset = sources.get("deepset train");
    List<String> hosts = deepset.stream().filter(l -> !l.injection()).map(Labelled::text).toList();
    Random random = new Random(seed);
    String[] joins = {" ", ". ", "\n"};
    for (int i = 0; i < deepset.size(); i++) {
      Example e = examples.get(i);
      if (!e.positive() || e.text().length() > AUGMENT_MAX_CHARS) continue;
      for (int c = 0; c < AUGMENT; c++) {
        String host = hosts.get(random.nextInt(hosts.size()));
        String join = joins[random.nextInt(joins.length)];
        examples.add(new Example(host + join + e.text(), true, e.weight(), e.group()));
      }
    }
    return new InputSet(examples, benign);
  }

  private static List<Labelled> benign(List<String> texts) {
    return texts.stream().map(t -> new Labelled(t, false)).toList();
  }

  record Planted(String text, String group) {}

  record ChunkSet(List<Example> examples, List<Planted> planted, Map<String, List<String>> clean) {}

  /**
   * Passages: windows of clean contexts (negatives) and windows around an attack planted in a
   * context (positives): BIPIA train attacks (text and code), every deepset train prompt (benign
   * requests included) and PINT injections.
   */
  static ChunkSet chunks(InjectionData data, long seed) {
    return chunks(data, seed, BALANCE_SOURCES);
  }

  static ChunkSet chunks(InjectionData data, long seed, boolean balance) {
    Random random = new Random(seed);
    Map<String, List<String>> clean = new LinkedHashMap<>();
    clean.put("bipia email train contexts", data.bipiaContexts("email", "train"));
    clean.put("squad even-article paragraphs", data.squadParagraphs(true));
    clean.put("scifact abstracts", data.scifactAbstracts(SCIFACT_ABSTRACTS));
    // Contexts and attacks are dealt into InjectionTrainer.FOLDS buckets, and an attack is only
    // planted in contexts
    // of its own bucket: a bucket is one cross-validation group, so no fold is scored on a context
    // or an attack it was trained on.
    List<List<String>> pools = new ArrayList<>();
    for (int k = 0; k < InjectionTrainer.FOLDS; k++) pools.add(new ArrayList<>());
    List<Example> examples = new ArrayList<>();
    Map<String, List<String>> tagged = new LinkedHashMap<>();
    int negatives = 0;
    int sources = clean.size();
    int all = clean.values().stream().mapToInt(List::size).sum();
    for (Map.Entry<String, List<String>> e : clean.entrySet()) {
      // balanced: each source's contexts weigh as much in total as any other source's
      double w = balance ? (double) all / (sources * e.getValue().size()) : 1;
      List<String> mine = new ArrayList<>();
      for (String context : e.getValue()) {
        int bucket = random.nextInt(InjectionTrainer.FOLDS);
        String group = "bucket" + bucket;
        pools.get(bucket).add(context);
        mine.add(group + '\u0000' + context);
        for (String window : windows(context)) {
          examples.add(new Example(window, false, w, group));
          negatives++;
        }
        // and its sentences alone, so that a short passage is not suspicious for its length
        for (String sentence : SENTENCE.split(context))
          if (sentence.length() >= 20 && random.nextInt(SENTENCE_SAMPLE) == 0) {
            examples.add(new Example(sentence, false, w, group));
            negatives++;
          }
      }
      tagged.put(e.getKey(), mine);
    }
    List<String> attacks = new ArrayList<>();
    for (String kind : List.of("text", "code"))
      for (Attack a : data.bipiaAttacks(kind, "train")) attacks.add(a.text());
    // deepset's benign prompts too: inside a retrieved passage, any request addressed to the
    // assistant is a hijack, however harmless the task (BIPIA's attacks are mostly such tasks)
    for (Labelled l : data.deepset("train")) attacks.add(l.text());
    for (Labelled l : data.notInjectValidation()) if (l.injection()) attacks.add(l.text());
    List<Planted> planted = new ArrayList<>();
    List<String[]> positives = new ArrayList<>();
    for (String attack : attacks) {
      int bucket = random.nextInt(InjectionTrainer.FOLDS);
      List<String> pool = pools.get(bucket);
      for (int copy = 0; copy < PLANTED_COPIES; copy++) {
        String text =
            InjectionData.plant(pool.get(random.nextInt(pool.size())), attack, random.nextInt(3));
        planted.add(new Planted(text, "bucket" + bucket));
        positives.add(new String[] {around(text, attack, random), "bucket" + bucket});
      }
    }
    double weight = 0.5 * negatives / positives.size();
    for (String[] p : positives) examples.add(new Example(p[0], true, weight, p[1]));
    // A code block alone is data; the order to put it in the answer is the attack. Without these,
    // every code block looks like one (BIPIA's code attacks are the only code in the training set).
    if (CODE_ALONE_IS_DATA)
      for (Attack a : data.bipiaAttacks("code", "train")) {
        int open = a.text().indexOf("```");
        int close = a.text().lastIndexOf("```");
        if (open < 0 || close <= open) continue;
        String code = a.text().substring(open, close + 3);
        int bucket = random.nextInt(InjectionTrainer.FOLDS);
        List<String> pool = pools.get(bucket);
        for (int copy = 0; copy < PLANTED_COPIES; copy++) {
          String text =
              InjectionData.plant(pool.get(random.nextInt(pool.size())), code, random.nextInt(3));
          examples.add(new Example(around(text, code, random), false, weight, "bucket" + bucket));
        }
      }
    return new ChunkSet(examples, planted, tagged);
  }

  /** The training windows of a clean context: as the model will read it, window by window. */
  static List<String> windows(String text) {
    if (text.length() <= CHUNK_WINDOW) return List.of(text);
    List<String> out = new ArrayList<>();
    for (int start = 0; ; start += CHUNK_STRIDE) {
      int end = Math.min(text.length(), start + CHUNK_WINDOW);
      out.add(text.substring(end == text.length() ? text.length() - CHUNK_WINDOW : start, end));
      if (end == text.length()) return out;
    }
  }

  /** A window of the planted text that holds the attack's start, at a random offset. */
  static String around(String text, String attack, Random random) {
    if (text.length() <= CHUNK_WINDOW) return text;
    int at = text.indexOf(attack);
    int room = Math.max(0, CHUNK_WINDOW - attack.length());
    int start = Math.max(0, at - random.nextInt(room + 1));
    int end = Math.min(text.length(), start + CHUNK_WINDOW);
    return text.substring(Math.max(0, end - CHUNK_WINDOW), end);
  }
}
