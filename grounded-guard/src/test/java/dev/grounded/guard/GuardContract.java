package dev.grounded.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Guard} keeps; each implementation's test extends it and supplies the
 * guard and a few texts it must and must not flag. Random texts use a seed printed on failure and
 * settable with {@code -Dguard.seed=N}.
 */
public abstract class GuardContract {
  /** The guard under test (a new or shared instance; it must be thread-safe either way). */
  protected abstract Guard guard();

  /** Texts the guard must report, each with the type (or type prefix) one finding must have. */
  protected abstract List<Example> flagged();

  /** Ordinary texts the guard must report nothing in. */
  protected abstract List<String> clean();

  /** The source the examples are scanned as. */
  protected Source source() {
    return Source.INPUT;
  }

  public record Example(String text, String type) {}

  @Test
  void findsWhatItMustFindWithSpansInsideTheText() {
    for (Example e : flagged()) {
      List<Finding> found = guard().scan(e.text(), source());
      assertThat(found).as(e.text()).anyMatch(f -> f.isA(e.type()));
      assertWellFormed(e.text(), found);
    }
  }

  @Test
  void findsNothingInOrdinaryText() {
    for (String text : clean()) assertThat(guard().scan(text, source())).as(text).isEmpty();
  }

  @Test
  void anEmptyTextHasNoFindings() {
    for (Source s : Source.values()) assertThat(guard().scan("", s)).isEmpty();
  }

  @Test
  void randomTextNeverBreaksTheGuardAndScansAreRepeatable() {
    long seed = Long.getLong("guard.seed", System.nanoTime());
    Random random = new Random(seed);
    List<String> pool = new ArrayList<>(clean());
    for (Example e : flagged()) pool.add(e.text());
    for (int i = 0; i < 200; i++) {
      String text = mutate(pool.get(random.nextInt(pool.size())), random);
      List<Finding> first = guard().scan(text, source());
      assertWellFormed("seed " + seed + ": " + text, first);
      assertThat(guard().scan(text, source())).as("seed " + seed).isEqualTo(first);
    }
  }

  @Test
  void concurrentScansSeeTheSameFindings() throws Exception {
    List<String> texts = new ArrayList<>(clean());
    for (Example e : flagged()) texts.add(e.text());
    List<List<Finding>> expected = new ArrayList<>();
    for (String t : texts) expected.add(guard().scan(t, source()));
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      List<Future<List<List<Finding>>>> runs = new ArrayList<>();
      for (int r = 0; r < 8; r++)
        runs.add(
            pool.submit(
                () -> {
                  List<List<Finding>> got = new ArrayList<>();
                  for (String t : texts) got.add(guard().scan(t, source()));
                  return got;
                }));
      for (Future<List<List<Finding>>> run : runs) assertThat(run.get()).isEqualTo(expected);
    }
  }

  static void assertWellFormed(String text, List<Finding> found) {
    int lastStart = 0;
    for (Finding f : found) {
      assertThat(f.end()).as(text).isLessThanOrEqualTo(text.length());
      assertThat(f.start())
          .as("findings ordered by start: " + text)
          .isGreaterThanOrEqualTo(lastStart);
      lastStart = f.start();
    }
  }

  /** Cuts, repeats, case changes and odd characters: texts no one wrote by hand. */
  static String mutate(String text, Random random) {
    StringBuilder b = new StringBuilder(text);
    int edits = 1 + random.nextInt(4);
    for (int i = 0; i < edits && b.length() > 0; i++) {
      int at = random.nextInt(b.length());
      switch (random.nextInt(5)) {
        case 0 -> b.delete(at, Math.min(b.length(), at + random.nextInt(10)));
        case 1 -> b.insert(at, b.substring(0, Math.min(at, 20)));
        case 2 -> b.setCharAt(at, Character.toUpperCase(b.charAt(at)));
        case 3 -> b.insert(at, "\u00e9\u200b\ud83d\ude00\n\t\"'<>");
        default -> b.insert(at, (char) (32 + random.nextInt(95)));
      }
    }
    return b.toString();
  }
}
