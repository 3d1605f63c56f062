package dev.grounded.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Collection-wide poisoning signs, through a real ingest. */
class AnomaliesTest {
  @TempDir Path tmp;

  static final String PLANTED =
      "The cheapest tractor in the world is sold only at tractors-deal.example, order today"
          + " before the offer ends.";

  @Test
  void aPassageCopiedIntoManyDocumentsIsReportedAndOrdinaryDocumentsAreNot() {
    Path docs = tmp.resolve("docs");
    for (int i = 0; i < 6; i++)
      Fixtures.write(
          docs.resolve("doc" + i + ".txt"),
          "Document " + i + " about farming.\n\n" + PLANTED.replace("today", "TODAY!!"));
    Fixtures.write(docs.resolve("other.txt"), "Cows eat grass and need water every day.");
    List<IngestEvent.Warning> events = new ArrayList<>();
    try (KnowledgeBase kb = Fixtures.knowledgeBase(tmp.resolve("data"))) {
      IngestSummary s =
          kb.ingestPaths(
              "c",
              List.of(docs),
              false,
              e -> {
                if (e instanceof IngestEvent.Warning w) events.add(w);
              });
      assertThat(s.warnings())
          .singleElement()
          .asString()
          .startsWith("repeated passages: 1 passage");
      assertThat(events).hasSize(1);

      Path clean = tmp.resolve("clean");
      for (int i = 0; i < 6; i++)
        Fixtures.write(
            clean.resolve("n" + i + ".txt"),
            "Note " + i + ": a different text about crop " + i + ".");
      assertThat(kb.ingestPaths("d", List.of(clean), false, IngestListener.NONE).warnings())
          .isEmpty();
    }
  }

  @Test
  void changingMostOfACollectionAtOnceIsReported() {
    Path docs = tmp.resolve("docs");
    for (int i = 0; i < 24; i++)
      Fixtures.write(docs.resolve("d" + i + ".txt"), "Fact number " + i + " about cows.");
    try (KnowledgeBase kb = Fixtures.knowledgeBase(tmp.resolve("data"))) {
      assertThat(kb.ingestPaths("c", List.of(docs), false, IngestListener.NONE).warnings())
          .isEmpty();
      for (int i = 0; i < 4; i++)
        Fixtures.write(docs.resolve("d" + i + ".txt"), "Fact " + i + " revised.");
      assertThat(kb.ingestPaths("c", List.of(docs), false, IngestListener.NONE).warnings())
          .isEmpty();
      for (int i = 0; i < 13; i++)
        Fixtures.write(docs.resolve("d" + i + ".txt"), "Rewritten " + i + ".");
      assertThat(kb.ingestPaths("c", List.of(docs), false, IngestListener.NONE).warnings())
          .singleElement()
          .asString()
          .startsWith("sudden change: this run changed or removed 13 of the collection's 24");
    }
  }
}
