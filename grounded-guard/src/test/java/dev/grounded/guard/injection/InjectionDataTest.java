package dev.grounded.guard.injection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InjectionDataTest {
  @Test
  void anAttackIsPlantedAtTheStartAtAWordBreakNearTheMiddleOrAtTheEnd() {
    String context = "alpha beta gamma delta";
    assertThat(InjectionData.plant(context, "ATTACK", 0)).isEqualTo("ATTACK\n" + context);
    assertThat(InjectionData.plant(context, "ATTACK", 2)).isEqualTo(context + "\nATTACK");
    String middle = InjectionData.plant(context, "ATTACK", 1);
    assertThat(middle).isEqualTo("alpha beta\nATTACK\n gamma delta");
    assertThat(middle.replace("\nATTACK\n", "")).isEqualTo(context);
  }
}
