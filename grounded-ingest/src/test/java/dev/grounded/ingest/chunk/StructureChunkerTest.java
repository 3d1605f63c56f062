package dev.grounded.ingest.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grounded.core.Chunk;
import dev.grounded.core.Location;
import dev.grounded.ingest.parse.ParsedDocument;
import dev.grounded.ingest.parse.Section;
import dev.grounded.ingest.parse.TikaParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StructureChunkerTest {
  @TempDir Path dir;

  @Test
  void aTwoSectionMarkdownDocumentGivesOneChunkPerSectionWithItsHeadingPath() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("guide.md"),
            """
        # Intro
        Grounded answers questions from your documents.

        It cites its sources.

        ## Details
        Chunks carry headings.
        """);
    ParsedDocument doc = new TikaParser().parse(file);
    List<Chunk> chunks = new StructureChunker(Counters.WORDS, 256, 32).chunk("guide", doc);
    assertThat(chunks)
        .containsExactly(
            chunk(
                doc,
                0,
                "Grounded answers questions from your documents.\n\nIt cites its sources.",
                "Intro"),
            chunk(doc, 1, "Chunks carry headings.", "Intro", "Details"));
    assertThat(chunks.get(1).contextualText()).isEqualTo("Intro > Details\nChunks carry headings.");
    assertThat(chunks.get(1).id()).isEqualTo("guide#1");
  }

  @Test
  void wholeParagraphsArePackedUntilTheNextOneNoLongerFits() {
    ParsedDocument doc =
        document("One two three four.\n\nFive six seven eight.\n\nNine ten eleven twelve.");
    assertThat(texts(new StructureChunker(Counters.WORDS, 10, 3).chunk("d", doc)))
        .containsExactly("One two three four.\n\nFive six seven eight.", "Nine ten eleven twelve.");
  }

  @Test
  void aLongParagraphSplitsAtSentencesAndCarriesTheLastSentenceOver() {
    ParsedDocument doc =
        document("One two three. Four five six. Seven eight nine. Ten eleven twelve.");
    assertThat(texts(new StructureChunker(Counters.WORDS, 7, 3).chunk("d", doc)))
        .containsExactly(
            "One two three. Four five six.",
            "Four five six. Seven eight nine.",
            "Seven eight nine. Ten eleven twelve.");
  }

  @Test
  void noOverlapWhenTheLastSentenceIsBiggerThanTheOverlapBudget() {
    ParsedDocument doc =
        document("One two three. Four five six. Seven eight nine. Ten eleven twelve.");
    assertThat(texts(new StructureChunker(Counters.WORDS, 7, 2).chunk("d", doc)))
        .containsExactly("One two three. Four five six.", "Seven eight nine. Ten eleven twelve.");
  }

  @Test
  void abbreviationsAndInitialsDoNotEndSentences() {
    ParsedDocument doc =
        document("See Fig. 3 and Dr. J. Smith's notes, e.g. the appendix. Then stop here.");
    assertThat(texts(new StructureChunker(Counters.WORDS, 12, 0).chunk("d", doc)))
        .containsExactly(
            "See Fig. 3 and Dr. J. Smith's notes, e.g. the appendix.", "Then stop here.");
  }

  @Test
  void aSentenceTooBigSplitsAtWordsAndAWordTooBigAtCharacters() {
    ParsedDocument words = document("alpha beta gamma delta epsilon zeta eta theta.");
    assertThat(texts(new StructureChunker(Counters.WORDS, 3, 1).chunk("d", words)))
        .containsExactly("alpha beta gamma", "delta epsilon zeta", "eta theta.");
    ParsedDocument word = document("abcdefghij klm");
    assertThat(texts(new StructureChunker(Counters.CHARS, 4, 0).chunk("d", word)))
        .containsExactly("abcd", "efgh", "ij", "klm");
  }

  @Test
  void chunksNeverCrossSectionsAndTakeTheirPageAndHeadings() {
    String text = "Page one text.\n\nPage two text.";
    ParsedDocument doc =
        new ParsedDocument(
            "a.pdf",
            "A",
            text,
            List.of(new Section(List.of(), 1, 0, 14), new Section(List.of("H"), 2, 16, 30)));
    List<Chunk> chunks = new StructureChunker(Counters.WORDS, 256, 32).chunk("a", doc);
    assertThat(chunks)
        .extracting(Chunk::location)
        .containsExactly(new Location(1, List.of(), 0, 14), new Location(2, List.of("H"), 16, 30));
  }

  @Test
  void blankSectionsAndSectionsHoldingOnlyTheirHeadingGiveNoChunks() {
    String text = "Intro\n\nIntro\n\n   \n\nBody.";
    ParsedDocument doc =
        new ParsedDocument(
            "a.md",
            "A",
            text,
            List.of(
                new Section(List.of("Intro"), 0, 7, 12),
                new Section(List.of(), 0, 14, 17),
                new Section(List.of(), 0, 17, 17),
                new Section(List.of("Intro"), 0, 19, 24)));
    assertThat(texts(new StructureChunker(Counters.WORDS, 256, 32).chunk("a", doc)))
        .containsExactly("Body.");
  }

  @Test
  void aMarkerAddingCounterStillKeepsEveryChunkWithinTheLimit() {
    ParsedDocument doc = document("One two three. Four five six. Seven eight nine.");
    List<Chunk> chunks = new StructureChunker(Counters.WORDS_PLUS_MARKERS, 8, 5).chunk("d", doc);
    assertThat(texts(chunks))
        .containsExactly("One two three. Four five six.", "Four five six. Seven eight nine.");
  }

  @Test
  void settingsAreValidated() {
    assertThatThrownBy(() -> new StructureChunker(Counters.WORDS, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new StructureChunker(Counters.WORDS, 10, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("overlapTokens");
    assertThatThrownBy(() -> new StructureChunker(Counters.WORDS_PLUS_MARKERS, 2, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new StructureChunker(null, 10, 0))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void anEmptyDocumentHasNoChunks() {
    assertThat(
            new StructureChunker(Counters.WORDS, 10, 2)
                .chunk("e", new ParsedDocument("e", "e", "", List.of())))
        .isEmpty();
  }

  private static ParsedDocument document(String body) {
    return new ParsedDocument(
        "d.txt", "d", body, List.of(new Section(List.of(), 0, 0, body.length())));
  }

  private static List<String> texts(List<Chunk> chunks) {
    return chunks.stream().map(Chunk::text).toList();
  }

  private static Chunk chunk(ParsedDocument doc, int ordinal, String text, String... headings) {
    int start = doc.text().indexOf(text);
    return new Chunk(
        "guide",
        doc.source(),
        ordinal,
        text,
        new Location(0, List.of(headings), start, start + text.length()));
  }
}
