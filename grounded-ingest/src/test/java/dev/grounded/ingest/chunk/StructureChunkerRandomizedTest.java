package dev.grounded.ingest.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grounded.core.Chunk;
import dev.grounded.core.Location;
import dev.grounded.core.TokenCounter;
import dev.grounded.ingest.parse.ParsedDocument;
import dev.grounded.ingest.parse.Section;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Checks the chunker's contract on random documents. The seed is printed in every failure; re-run
 * one with {@code -Dtests.seed=<seed>}.
 */
class StructureChunkerRandomizedTest {
  private static final long SEED = Long.getLong("tests.seed", System.nanoTime());
  private static final int DOCUMENTS = 250;

  @ParameterizedTest
  @EnumSource(Counters.class)
  void everyChunkFitsIsAnExactSliceOfOneSectionAndTogetherTheyCoverIt(Counters counter) {
    Random random = new Random(SEED ^ counter.ordinal());
    for (int i = 0; i < DOCUMENTS; i++) {
      int minimum = counter.count("x");
      int maxTokens = minimum + random.nextInt(counter == Counters.CHARS ? 120 : 40);
      int overlapTokens = random.nextInt(4) == 0 ? 0 : random.nextInt(Math.max(1, maxTokens / 2));
      RandomDocument generated = RandomDocument.generate(random, maxTokens);
      String context =
          "seed=%d (re-run with -Dtests.seed=%d), counter=%s, document #%d, max=%d, overlap=%d"
              .formatted(SEED, SEED, counter, i, maxTokens, overlapTokens);
      try {
        check(generated, counter, maxTokens, overlapTokens, context);
      } catch (AssertionError | RuntimeException e) {
        String text = generated.document().text().replace("\n", "\\n");
        throw new AssertionError(
            context + "\ntext=" + text.substring(0, Math.min(text.length(), 4000)), e);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Counters.class,
      names = {"WORDS", "CHARS", "WORDS_PLUS_MARKERS"})
  void tokensAreCountedAFewTimesPerCharacterNotOnGrowingStrings(Counters counter) {
    AtomicLong counted = new AtomicLong();
    TokenCounter metered =
        text -> {
          counted.addAndGet(text.length());
          return counter.count(text);
        };
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      text.append(i % 7 == 6 ? "\n\n" : i == 0 ? "" : " ")
          .append("Sentence number ")
          .append(i)
          .append(" is here.");
    }
    ParsedDocument doc =
        new ParsedDocument(
            "big.txt",
            "big",
            text.toString(),
            List.of(new Section(List.of(), 0, 0, text.length())));
    List<Chunk> chunks = new StructureChunker(metered, 64, 16).chunk("d", doc);
    assertThat(chunks).hasSizeGreaterThan(100);
    System.out.printf(
        "%s: %.2f chars counted per char of text%n",
        counter, counted.get() / (double) text.length());
    assertThat(counted.get())
        .as("chars counted for %d chars of text", text.length())
        .isLessThan(4L * text.length());
  }

  private static void check(
      RandomDocument generated,
      TokenCounter counter,
      int maxTokens,
      int overlapTokens,
      String context) {
    ParsedDocument doc = generated.document();
    StructureChunker chunker = new StructureChunker(counter, maxTokens, overlapTokens);
    List<Chunk> chunks = chunker.chunk("doc", doc);
    assertThat(new StructureChunker(counter, maxTokens, overlapTokens).chunk("doc", doc))
        .as("same chunks again, %s", context)
        .isEqualTo(chunks);
    BitSet covered = new BitSet();
    for (int i = 0; i < chunks.size(); i++) {
      Chunk c = chunks.get(i);
      Location at = c.location();
      assertThat(c.ordinal()).as("ordinal, %s", context).isEqualTo(i);
      assertThat(c.documentId()).isEqualTo("doc");
      assertThat(c.source()).isEqualTo(doc.source());
      assertThat(c.text())
          .as("text is the slice at its location, %s", context)
          .isEqualTo(doc.text().substring(at.start(), at.end()))
          .isNotBlank()
          .isEqualTo(c.text().strip());
      assertThat(counter.count(c.text()))
          .as("tokens of chunk %d, %s", i, context)
          .isLessThanOrEqualTo(maxTokens);
      Section section = sectionOf(doc, at);
      assertThat(section).as("chunk %d %s lies in one section, %s", i, at, context).isNotNull();
      assertThat(at.page()).isEqualTo(section.page());
      assertThat(at.headings()).isEqualTo(section.headings());
      covered.set(at.start(), at.end());
      if (i > 0) checkOverlap(generated, chunks.get(i - 1), c, counter, overlapTokens, context);
    }
    for (Section s : doc.sections()) {
      for (int k = s.start(); k < s.end(); k++) {
        if (!Character.isWhitespace(doc.text().charAt(k))) {
          assertThat(covered.get(k))
              .as("char %d of section %s is in a chunk, %s", k, s, context)
              .isTrue();
        }
      }
    }
  }

  private static void checkOverlap(
      RandomDocument generated,
      Chunk previous,
      Chunk next,
      TokenCounter counter,
      int overlapTokens,
      String context) {
    Location p = previous.location();
    Location n = next.location();
    assertThat(n.start()).as("chunks advance, %s", context).isGreaterThan(p.start());
    assertThat(n.end()).as("chunks advance, %s", context).isGreaterThan(p.end());
    if (n.start() >= p.end()) return;
    String overlap = generated.document().text().substring(n.start(), p.end());
    assertThat(counter.count(overlap))
        .as("overlap '%s' fits, %s", overlap, context)
        .isLessThanOrEqualTo(overlapTokens);
    assertThat(generated.sentenceStarts())
        .as("overlap '%s' starts a sentence, %s", overlap, context)
        .contains(n.start());
    assertThat(generated.sentenceEnds())
        .as("overlap '%s' ends a sentence, %s", overlap, context)
        .contains(p.end());
  }

  private static Section sectionOf(ParsedDocument doc, Location at) {
    return doc.sections().stream()
        .filter(s -> s.start() <= at.start() && at.end() <= s.end())
        .findFirst()
        .orElse(null);
  }
}
