package dev.grounded.answer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grounded.core.Answer;
import dev.grounded.core.Chunk;
import dev.grounded.core.Citation;
import dev.grounded.core.Location;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuoteVerifierTest {
  static final Chunk CHUNK =
      new Chunk(
          "d", "/d.md", 0, "Alpha is first. Beta is second.", new Location(0, List.of(), 0, 31));

  @Test
  void keepsAnAnswerWhoseQuotesMatchTheirSources() {
    Answer a =
        new Answer(
            "Beta is second. [1]",
            false,
            List.of(new Citation(1, CHUNK, "Beta is second.", 16, 31, 0.9)));
    assertThat(new QuoteVerifier().verify(a)).isEqualTo(a);
  }

  @Test
  void dropsACitationWhoseQuoteIsNotAtItsOffsets() {
    Citation good = new Citation(1, CHUNK, "Alpha is first.", 0, 15, 0.9);
    Citation forged = new Citation(2, CHUNK, "Gamma is third.", 16, 31, 0.9);
    Answer a = new Answer("Alpha is first. [1] Gamma is third. [2]", false, List.of(good, forged));
    Answer verified = new QuoteVerifier().verify(a);
    assertThat(verified.citations()).containsExactly(good);
    assertThat(verified.text()).isEqualTo("Alpha is first. [1]");
  }

  @Test
  void abstainsWhenNoCitationHolds() {
    Citation unmarked = new Citation(1, CHUNK, "Alpha is first.", 0, 15, 0.9);
    Answer a = new Answer("Alpha is first.", false, List.of(unmarked));
    assertThat(new QuoteVerifier().verify(a).abstained()).isTrue();
  }
}
