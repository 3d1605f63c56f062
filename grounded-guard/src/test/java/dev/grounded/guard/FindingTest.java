package dev.grounded.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FindingTest {
  @Test
  void aTypeCoversItsSubtypesButNotLookalikes() {
    Finding email = new Finding("pii.email", 0, 3, 1, Severity.MEDIUM, "pii");
    assertThat(email.isA("pii")).isTrue();
    assertThat(email.isA("pii.email")).isTrue();
    assertThat(email.isA("*")).isTrue();
    assertThat(email.isA("pi")).isFalse();
    assertThat(email.isA("pii.email.work")).isFalse();
    assertThat(email.family()).isEqualTo("pii");
  }

  @Test
  void badFindingsAreRefusedWhenBuilt() {
    assertThatThrownBy(() -> new Finding("PII", 0, 1, 1, Severity.LOW, "x"))
        .hasMessageContaining("lower case");
    assertThatThrownBy(() -> new Finding("pii", 3, 1, 1, Severity.LOW, "x"))
        .hasMessageContaining("bad span");
    assertThatThrownBy(() -> new Finding("pii", 0, 1, 1.5, Severity.LOW, "x"))
        .hasMessageContaining("not in [0, 1]");
    assertThatThrownBy(() -> new Finding("pii", 0, 1, Double.NaN, Severity.LOW, "x"))
        .hasMessageContaining("not in [0, 1]");
  }
}
