package dev.grounded.gateway.price;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grounded.core.GroundedException;
import org.junit.jupiter.api.Test;

class ModelPriceTest {
  @Test
  void pricesAreParsedExactlyIntoMicroDollarsPerMillionTokens() {
    ModelPrice p = ModelPrice.ofUsd("m", "2.50", "0.075");
    assertThat(p.inputMicrosPerMillion()).isEqualTo(2_500_000);
    assertThat(p.outputMicrosPerMillion()).isEqualTo(75_000);
  }

  @Test
  void aCallCostsTheExactTotalRoundedHalfUpOnce() {
    ModelPrice mini = ModelPrice.ofUsd("gpt-4o-mini", "0.15", "0.60");
    // 1,234 × 0.15 + 567 × 0.60 = 185.1 + 340.2 = 525.3 µ$
    assertThat(mini.costMicros(1_234, 567)).isEqualTo(525);
    // 10 × 0.15 = 1.5 µ$: half up
    assertThat(mini.costMicros(10, 0)).isEqualTo(2);
    // two parts of 0.45 µ$: rounded per part they would cost 0, their exact sum 0.9 rounds to 1
    assertThat(ModelPrice.ofUsd("m", "0.15", "0.15").costMicros(3, 3)).isEqualTo(1);
  }

  @Test
  void theWorstCaseRoundsUpSoTheReservationCoversTheSettledCost() {
    ModelPrice mini = ModelPrice.ofUsd("gpt-4o-mini", "0.15", "0.60");
    assertThat(mini.worstCaseMicros(1, 0)).isEqualTo(1); // 0.15 µ$
    assertThat(mini.worstCaseMicros(1_234, 567)).isEqualTo(526);
    for (long in = 0; in < 50; in++)
      for (long out = 0; out < 50; out++)
        assertThat(mini.worstCaseMicros(in, out)).isGreaterThanOrEqualTo(mini.costMicros(in, out));
  }

  @Test
  void largeCountsDoNotOverflow() {
    ModelPrice opus = ModelPrice.ofUsd("claude-opus-4-20250514", "15", "75");
    // 1e12 output tokens × $75 / 1M = $75,000,000 = 7.5e13 µ$
    assertThat(opus.costMicros(0, 1_000_000_000_000L)).isEqualTo(75_000_000_000_000L);
  }

  @Test
  void badPricesAreRefusedNamingTheModel() {
    assertThatThrownBy(() -> ModelPrice.ofUsd("m", "-1", "1"))
        .isInstanceOf(GroundedException.class)
        .hasMessageContaining("for m");
    assertThatThrownBy(() -> ModelPrice.ofUsd("m", "0.0000001", "1"))
        .hasMessageContaining("at most 6 decimals");
    assertThatThrownBy(() -> ModelPrice.ofUsd("m", "free", "1"))
        .isInstanceOf(GroundedException.class);
  }

  @Test
  void theCatalogueHasDefaultsThatConfiguredPricesOverride() {
    PriceCatalogue defaults = PriceCatalogue.defaults();
    assertThat(defaults.find("gpt-4o-mini"))
        .contains(ModelPrice.ofUsd("gpt-4o-mini", "0.15", "0.6"));
    assertThat(defaults.find("unknown-model")).isEmpty();

    PriceCatalogue mine = defaults.with(ModelPrice.ofUsd("gpt-4o-mini", "0.10", "0.40"));
    assertThat(mine.find("gpt-4o-mini").orElseThrow().inputMicrosPerMillion()).isEqualTo(100_000);
    assertThat(defaults.find("gpt-4o-mini").orElseThrow().inputMicrosPerMillion())
        .isEqualTo(150_000);
    assertThat(mine.all()).hasSameSizeAs(defaults.all());
  }
}
