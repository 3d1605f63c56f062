package dev.grounded.eval.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.grounded.gateway.testing.TestModels;
import dev.grounded.gateway.upstream.FakeChatServer;
import dev.grounded.gateway.upstream.FakeChatServer.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrationTest {
  @TempDir Path dir;

  /**
   * The scripted judge reads the label it is told to give from the answer text ("verdict: X"). Ten
   * items, human labels pass/fail; the judge agrees on 8: the table is human pass: judge pass 4,
   * fail 1; human fail: judge pass 1, fail 4. p_o = 0.8, p_e = 0.5*0.5 + 0.5*0.5 = 0.5, kappa =
   * 0.6.
   */
  @Test
  void measuresAgreementKappaAndRepeatConsistencyAgainstHumanLabels() throws Exception {
    Rubric rubric =
        Rubric.read(
            Files.writeString(
                dir.resolve("r.yaml"),
                "name: correct\ncriteria: [The answer is correct.]\nscale: [fail, pass]\nfields: [answer]\nmin_kappa: 0.7\n"));
    Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    try (FakeChatServer s =
        new FakeChatServer(
            req -> {
              String item = FakeChatServer.lastUser(req);
              String label = item.substring(item.indexOf("verdict: ") + 9).strip().split("\\s+")[0];
              // item "flaky" alternates between its verdicts on repeats
              if (item.contains("flaky")
                  && seen.computeIfAbsent(item, k -> new AtomicInteger()).incrementAndGet() % 2
                      == 0) label = label.equals("pass") ? "fail" : "pass";
              return Reply.content("{\"label\":\"" + label + "\",\"reason\":\"scripted\"}");
            })) {
      List<Calibration.Labelled> labelled = new ArrayList<>();
      String[][] rows = {
        {"pass", "pass"},
        {"pass", "pass"},
        {"pass", "pass"},
        {"pass", "pass flaky"},
        {"pass", "fail"},
        {"fail", "fail"},
        {"fail", "fail"},
        {"fail", "fail"},
        {"fail", "fail"},
        {"fail", "pass"}
      };
      for (int i = 0; i < rows.length; i++)
        labelled.add(
            new Calibration.Labelled(
                "i" + i, Map.of("answer", "item " + i + " verdict: " + rows[i][1]), rows[i][0]));
      Judge judge = new Judge(rubric, TestModels.over(s.baseUrl(), "m"), 0);
      Calibration c = Calibration.run(judge, "m", labelled, 2, 4);
      assertThat(c.agreement().observed()).isCloseTo(0.8, within(1e-12));
      assertThat(c.agreement().kappa()).isCloseTo(0.6, within(1e-12));
      assertThat(c.agreement().confusion()).containsExactly(List.of(4, 1), List.of(1, 4));
      assertThat(c.repeatConsistency()).isCloseTo(0.9, within(1e-12));
      assertThat(c.usableForGating()).as("kappa 0.6 is below the floor 0.7").isFalse();
      assertThat(c.toMap())
          .containsEntry("usable_for_gating", false)
          .containsEntry("kind", "calibration");
      assertThat(s.requests).hasSize(20);
    }
  }
}
