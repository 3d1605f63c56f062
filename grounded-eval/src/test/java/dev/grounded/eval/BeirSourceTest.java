package dev.grounded.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grounded.ingest.parse.ParsedDocument;
import org.junit.jupiter.api.Test;

class BeirSourceTest {
  @Test
  void theTitleIsTheHeadingOfTheTextsOneSection() {
    ParsedDocument doc =
        new BeirSource(new BeirDocument("d1", "Owls", "Owls hunt at night."), "s").parse();
    assertThat(doc.title()).isEqualTo("Owls");
    assertThat(doc.sections())
        .singleElement()
        .satisfies(s -> assertThat(s.headings()).containsExactly("Owls"));
    assertThat(doc.text()).isEqualTo("Owls hunt at night.");
  }

  @Test
  void aRecordWithOnlyATitleIsStillSearchable() {
    ParsedDocument doc = new BeirSource(new BeirDocument("d2", "Bees make honey", ""), "s").parse();
    assertThat(doc.text()).isEqualTo("Bees make honey");
    assertThat(doc.sections()).singleElement().satisfies(s -> assertThat(s.headings()).isEmpty());
  }

  @Test
  void aTitleRepeatedAsTheTextIsNotAlsoItsHeading() {
    ParsedDocument doc = new BeirSource(new BeirDocument("d3", "Trout", "Trout"), "s").parse();
    assertThat(doc.sections()).singleElement().satisfies(s -> assertThat(s.headings()).isEmpty());
  }

  @Test
  void theContentHashChangesWithTextTitleAndSettings() {
    BeirDocument d = new BeirDocument("d1", "T", "x");
    String h = new BeirSource(d, "s").contentHash();
    assertThat(new BeirSource(d, "s").contentHash()).isEqualTo(h);
    assertThat(new BeirSource(new BeirDocument("d1", "T", "y"), "s").contentHash()).isNotEqualTo(h);
    assertThat(new BeirSource(new BeirDocument("d1", "U", "x"), "s").contentHash()).isNotEqualTo(h);
    assertThat(new BeirSource(d, "other settings").contentHash()).isNotEqualTo(h);
  }
}
