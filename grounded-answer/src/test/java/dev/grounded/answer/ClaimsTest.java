package dev.grounded.answer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClaimsTest {
  @Test
  void eachSentenceEndsAtItsMarkersAndTrailingTextCitesNothing() {
    List<Claims.Claim> claims =
        Claims.of("Owls hunt at night. [1] Bees make honey [2][3] and the rest is made up.");
    assertThat(claims)
        .containsExactly(
            new Claims.Claim("Owls hunt at night.", List.of(1)),
            new Claims.Claim("Bees make honey", List.of(2, 3)),
            new Claims.Claim("and the rest is made up.", List.of()));
  }

  @Test
  void markersAreRemovedFromThePlainAnswer() {
    assertThat(Claims.plain("Owls hunt at night. [1] Bees make honey. [2]"))
        .isEqualTo("Owls hunt at night. Bees make honey.");
    assertThat(Claims.of("")).isEmpty();
    assertThat(Claims.of("[1]")).isEmpty();
  }
}
