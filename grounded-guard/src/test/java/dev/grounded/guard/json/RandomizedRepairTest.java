package dev.grounded.guard.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Random documents written with random defects: repair must give back an equal value and name at
 * least the defects made. Seeded: the seed is printed, {@code -Dtests.seed=N} replays a run.
 */
class RandomizedRepairTest {
  private static final int DOCUMENTS = 3000;

  @Test
  void repairRestoresTheValueOfRandomlyCorruptedDocuments() {
    long seed = Long.getLong("tests.seed", System.nanoTime());
    System.out.println("RandomizedRepairTest seed=" + seed);
    Random r = new Random(seed);
    Map<Fix, Integer> made = new EnumMap<>(Fix.class);
    for (int i = 0; i < DOCUMENTS; i++) {
      JsonNode doc = CorruptingWriter.document(r);
      Set<Fix> kinds = EnumSet.noneOf(Fix.class);
      for (Fix f : CorruptingWriter.KINDS) if (r.nextInt(3) == 0) kinds.add(f);
      CorruptingWriter w = new CorruptingWriter(r, kinds);
      String text = w.write(doc);
      String why =
          "seed=" + seed + " (re-run with -Dtests.seed=" + seed + ") doc " + i + ":\n" + text;
      JsonRepair.Repaired repaired = JsonRepair.repair(text).orElse(null);
      assertThat(repaired).as(why).isNotNull();
      assertThat(repaired.value()).as(why).isEqualTo(doc);
      assertThat(repaired.fixes()).as(why).isEqualTo(w.applied());
      if (w.applied().isEmpty()) assertThat(repaired.json()).as(why).isSameAs(text);
      w.applied().forEach(f -> made.merge(f, 1, Integer::sum));
    }
    System.out.println("RandomizedRepairTest defects made: " + made);
    assertThat(made.keySet()).isEqualTo(CorruptingWriter.KINDS);
  }

  @Test
  void validDocumentsComeBackUntouchedCompactOrIndented() throws Exception {
    long seed = Long.getLong("tests.seed", System.nanoTime());
    System.out.println("RandomizedRepairTest seed=" + seed);
    Random r = new Random(seed);
    var pretty = new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter();
    for (int i = 0; i < DOCUMENTS; i++) {
      JsonNode doc = CorruptingWriter.document(r);
      for (String text : new String[] {doc.toString(), pretty.writeValueAsString(doc)}) {
        JsonRepair.Repaired repaired = JsonRepair.repair(text).orElseThrow();
        assertThat(repaired.json()).as("seed=" + seed + " doc " + i).isSameAs(text);
        assertThat(repaired.fixes()).isEmpty();
      }
    }
  }

  @Test
  void everyPrefixOfADocumentAndRandomNoiseGiveValidJsonOrNothingNeverAnException() {
    long seed = Long.getLong("tests.seed", System.nanoTime());
    System.out.println("RandomizedRepairTest seed=" + seed);
    Random r = new Random(seed);
    for (int i = 0; i < 200; i++) {
      JsonNode doc = CorruptingWriter.document(r);
      String text = new CorruptingWriter(r, CorruptingWriter.KINDS).write(doc);
      for (int cut = 0; cut <= text.length(); cut++) {
        String prefix = text.substring(0, cut);
        String why = "seed=" + seed + " doc " + i + " cut " + cut + ":\n" + prefix;
        JsonRepair.repair(prefix)
            .ifPresent(p -> assertThat(JsonRepair.parse(p.json())).as(why).isPresent());
      }
    }
    String alphabet = "{}[]:,\"'`\\/*#\n tfnTFNu0123456789.-+eEaxyz“”‘’";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder b = new StringBuilder();
      for (int n = r.nextInt(40); n > 0; n--)
        b.append(alphabet.charAt(r.nextInt(alphabet.length())));
      String noise = b.toString();
      JsonRepair.repair(noise)
          .ifPresent(
              p ->
                  assertThat(JsonRepair.parse(p.json()))
                      .as("seed=" + seed + ": " + noise)
                      .isPresent());
    }
  }
}
