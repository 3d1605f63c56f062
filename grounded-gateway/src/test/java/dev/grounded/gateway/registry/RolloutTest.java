package dev.grounded.gateway.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RolloutTest {
  @Test
  void aSubjectAlwaysFallsInTheSameBucketAndNamesSplitIndependently() {
    int same = 0;
    for (int u = 0; u < 1000; u++) {
      String s = "user:u" + u;
      assertThat(Rollout.bucket("acme", s, "greet")).isEqualTo(Rollout.bucket("acme", s, "greet"));
      if (Rollout.bucket("acme", s, "greet") / 100 == Rollout.bucket("acme", s, "other") / 100)
        same++;
    }
    // independent draws agree on the percentile about 1 % of the time, not always
    assertThat(same).isLessThan(100);
  }

  @Test
  void bucketsAreSpreadEvenlyOverTenThousandSubjects() {
    Map<Integer, Integer> deciles = new HashMap<>();
    for (int u = 0; u < 10_000; u++)
      deciles.merge(Rollout.bucket("acme", "user:u" + u, "greet") / 1000, 1, Integer::sum);
    assertThat(deciles).hasSize(10);
    // each decile expects 1,000; ±15 % is more than 4 standard deviations
    deciles.values().forEach(n -> assertThat(n).isBetween(850, 1150));
  }

  @Test
  void theSubjectIsTheUserElseTheKeyElseTheRequest() {
    assertThat(Rollout.subject("ann", "k1", "r1")).isEqualTo("user:ann");
    assertThat(Rollout.subject("", "k1", "r1")).isEqualTo("key:k1");
    assertThat(Rollout.subject("", "", "r1")).isEqualTo("request:r1");
  }
}
