package dev.grounded.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromptTermsTest {
  @Test
  void numbersAreReadWithAndWithoutSeparatorsAndAsWords() {
    assertThat(PromptTerms.of("Shares closed at $18.51, up 1,200 points in two days").numbers())
        .containsExactlyInAnyOrder("18.51", "1200", "two");
  }

  @Test
  void negationIsFoundInWordsAndContractions() {
    assertThat(PromptTerms.of("It doesn't work").negated()).isTrue();
    assertThat(PromptTerms.of("There is no refund").negated()).isTrue();
    assertThat(PromptTerms.of("It works without a key").negated()).isTrue();
    assertThat(PromptTerms.of("It works").negated()).isFalse();
  }

  @Test
  void contentWordsAreStemmedWithoutStopWords() {
    assertThat(PromptTerms.of("The dogs are running in the parks").content())
        .containsExactlyInAnyOrder("dog", "runn", "park");
  }

  @Test
  void capitalizedWordsAfterTheFirstAreNames() {
    PromptTerms t = PromptTerms.of("Where did Boris Johnson live in London?");
    assertThat(t.capitalized()).containsExactlyInAnyOrder("bori", "johnson", "london");
    assertThat(t.tokens()).isEqualTo(7);
  }

  @Test
  void anEmptyTurnHasNoTerms() {
    PromptTerms t = PromptTerms.of("  ?! ");
    assertThat(t.tokens()).isZero();
    assertThat(t.content()).isEmpty();
    assertThat(t.numbers()).isEmpty();
  }
}
