package dev.grounded.eval.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grounded.answer.Asker;
import dev.grounded.answer.LexicalSupport;
import dev.grounded.core.Answer;
import dev.grounded.core.Citation;
import dev.grounded.core.Hit;
import dev.grounded.eval.gate.Gate;
import dev.grounded.eval.gate.ReportFile;
import dev.grounded.eval.gate.Tolerance;
import dev.grounded.eval.judge.Judge;
import dev.grounded.eval.judge.Rubric;
import dev.grounded.gateway.testing.TestModels;
import dev.grounded.gateway.upstream.FakeChatServer;
import dev.grounded.gateway.upstream.FakeChatServer.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JudgedAnswersTest {
  @TempDir Path dir;

  Judge judge(FakeChatServer s, String rubricYaml) throws Exception {
    Rubric r =
        Rubric.read(
            Files.writeString(dir.resolve("r" + rubricYaml.hashCode() + ".yaml"), rubricYaml));
    return new Judge(r, TestModels.over(s.baseUrl(), "m"), 0);
  }

  /** The scripted judge: "supported" when the claim's text is inside the source, verbatim. */
  static Reply verbatim(com.fasterxml.jackson.databind.JsonNode req) {
    String item = FakeChatServer.lastUser(req);
    String claim =
        item.substring(item.indexOf("### claim") + 9, item.indexOf("### source")).strip();
    String source = item.substring(item.indexOf("### source") + 10).strip();
    return Reply.content(
        "{\"label\":\""
            + (source.contains(claim) ? "supported" : "unsupported")
            + "\",\"reason\":\"r\"}");
  }

  @Test
  void anLlmJudgeCanDecideSupportInsteadOfTheLexicalChecker() throws Exception {
    try (FakeChatServer s = new FakeChatServer(JudgedAnswersTest::verbatim)) {
      JudgeSupport support =
          new JudgeSupport(
              judge(
                  s,
                  "name: support\ncriteria: [The source states the claim.]\nscale: [unsupported, supported]\nfields: [claim, source]\n"));
      assertThat(support.supports("Rollo was the Norse leader", AnswerEvaluationTest.ROLLO.text()))
          .isTrue();
      assertThat(support.supports("Rollo conquered Sicily", AnswerEvaluationTest.ROLLO.text()))
          .isFalse();
      assertThat(support.score("Rollo conquered Sicily", "x")).isEqualTo(0.0);
    }
  }

  @Test
  void aSupportRubricMustShowExactlyClaimAndSource() throws Exception {
    try (FakeChatServer s = new FakeChatServer(JudgedAnswersTest::verbatim)) {
      Judge wrong = judge(s, "name: w\ncriteria: [c]\nscale: [no, yes]\nfields: [answer]\n");
      assertThatThrownBy(() -> new JudgeSupport(wrong)).hasMessageContaining("[claim, source]");
    }
  }

  @Test
  void answersGradedByAJudgeBecomeAMetricThatGatesOnlyWhenCalibrated() throws Exception {
    // the judge grades 1..3 by the answer's length in words: >= 10 -> 3, >= 5 -> 2, else 1
    try (FakeChatServer s =
        new FakeChatServer(
            req -> {
              String item = FakeChatServer.lastUser(req);
              String answer = item.substring(item.indexOf("### answer") + 10).strip();
              int words = answer.split("\\s+").length;
              return Reply.content(
                  "{\"label\":" + (words >= 10 ? 3 : words >= 5 ? 2 : 1) + ",\"reason\":\"r\"}");
            })) {
      Judge j =
          judge(
              s,
              "name: helpful\ncriteria: [The answer is complete.]\nscale: [1, 2, 3]\nfields: [question, answer]\n");
      AnswerEvaluation eval =
          new AnswerEvaluation(
                  q -> null, new LexicalSupport(), Executors.newSingleThreadExecutor(), 1)
              .withJudge(j);
      QaItem item =
          new QaItem(
              "q", "Who was the Norse leader?", List.of("Rollo"), List.of("Normans#1"), true);
      String quote = "Rollo was the Norse leader who agreed to swear fealty to King Charles III.";
      Citation c = AnswerEvaluationTest.cite(1, AnswerEvaluationTest.ROLLO, quote);
      ItemResult long_ =
          eval.score(
              item,
              new Asker.Asked(
                  new Answer(quote + " [1]", false, List.of(c)),
                  List.of(new Hit(AnswerEvaluationTest.ROLLO, 1))));
      assertThat(long_.scores()).containsEntry("judge.helpful", 1.0);
      ItemResult abstained = eval.score(item, new Asker.Asked(Answer.abstain(), List.of()));
      assertThat(abstained.scores()).doesNotContainKey("judge.helpful");
      assertThat(AnswerReport.of("d", java.util.Map.of(), List.of(long_, abstained)).intervals())
          .containsKey("judge.helpful");

      // a report whose judge was not calibrated cannot gate on that metric
      Path uncalibrated =
          Files.writeString(
              dir.resolve("u.json"),
              "{\"metrics\":{\"judge.helpful\":0.9,\"f1\":0.5},\"judges\":{\"judge.helpful\":{\"calibration\":null}}}");
      Path belowFloor =
          Files.writeString(
              dir.resolve("b.json"),
              "{\"metrics\":{\"judge.helpful\":0.9,\"f1\":0.5},\"judges\":{\"judge.helpful\":{\"calibration\":{\"kappa\":0.41,\"min_kappa\":0.6,\"usable_for_gating\":false}}}}");
      Path calibrated =
          Files.writeString(
              dir.resolve("c.json"),
              "{\"metrics\":{\"judge.helpful\":0.9,\"f1\":0.5},\"judges\":{\"judge.helpful\":{\"calibration\":{\"kappa\":0.8,\"min_kappa\":0.6,\"usable_for_gating\":true}}}}");
      for (Path p : List.of(uncalibrated, belowFloor)) {
        var report = ReportFile.read(p, "current");
        assertThatThrownBy(
                () ->
                    Gate.check(
                        report,
                        report,
                        Tolerance.parseList("judge.helpful=0.05", "max-drop"),
                        Optional.empty()))
            .hasMessageContaining("cannot gate")
            .hasMessageContaining(p == belowFloor ? "0.41" : "not been calibrated");
        // with only a default tolerance it is shown, not gated
        var rows = Gate.check(report, report, List.of(), Optional.of(0.0)).rows();
        assertThat(
                rows.stream()
                    .filter(r -> r.metric().equals("judge.helpful"))
                    .findFirst()
                    .orElseThrow()
                    .status())
            .isEqualTo(Gate.Status.NOT_GATED);
      }
      var ok = ReportFile.read(calibrated, "current");
      assertThat(
              Gate.check(
                      ok,
                      ok,
                      Tolerance.parseList("judge.helpful=0.05", "max-drop"),
                      Optional.empty())
                  .passed())
          .isTrue();
    }
  }
}
