package dev.grounded.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class AskStagesTest {
  /** Writes what it sees to {@code log}, prefixed by {@code id}. */
  static AskStages recording(String id, List<String> log) {
    return name -> {
      log.add(id + " begin " + name);
      return new AskStages.Stage() {
        @Override
        public void failed(RuntimeException e) {
          log.add(id + " failed " + name + " " + e.getMessage());
        }

        @Override
        public void close() {
          log.add(id + " end " + name);
        }
      };
    };
  }

  @Test
  void allBeginsInOrderEndsInReverseAndReportsAFailureToEveryObserverBeforeRethrowingIt() {
    List<String> log = new CopyOnWriteArrayList<>();
    AskStages both = AskStages.all(List.of(recording("a", log), recording("b", log)));
    assertThat(both.run(AskStages.RETRIEVE, () -> 42)).isEqualTo(42);
    assertThatThrownBy(
            () ->
                both.run(
                    AskStages.GENERATE,
                    () -> {
                      throw new IllegalStateException("boom");
                    }))
        .hasMessage("boom");
    assertThat(log)
        .containsExactly(
            "a begin retrieve",
            "b begin retrieve",
            "b end retrieve",
            "a end retrieve",
            "a begin generate",
            "b begin generate",
            "a failed generate boom",
            "b failed generate boom",
            "b end generate",
            "a end generate");
  }

  @Test
  void allOfNothingOrOnlyNoneIsNone() {
    assertThat(AskStages.all(List.of())).isSameAs(AskStages.NONE);
    assertThat(AskStages.all(List.of(AskStages.NONE, AskStages.NONE))).isSameAs(AskStages.NONE);
    AskStages one = name -> AskStages.Stage.NONE;
    assertThat(AskStages.all(List.of(AskStages.NONE, one))).isSameAs(one);
  }
}
