package dev.grounded.eval.answer;

import dev.grounded.answer.SupportChecker;
import dev.grounded.eval.judge.Judge;
import java.util.Map;
import java.util.Objects;

/**
 * Support decided by an LLM judge: the rubric shows the fields {@code claim} and {@code source} and
 * its scale's best label means "supported". The score is the label's position on the scale, from 0
 * (worst) to 1 (best); a claim is supported when the judge gives the best label.
 */
public final class JudgeSupport implements SupportChecker {
  private final Judge judge;

  public JudgeSupport(Judge judge) {
    this.judge = Objects.requireNonNull(judge, "judge");
    var fields = judge.rubric().fields();
    if (!fields.contains("claim") || !fields.contains("source") || fields.size() != 2)
      throw new IllegalArgumentException(
          "a support rubric shows exactly the fields [claim, source], not " + fields);
  }

  @Override
  public double score(String claim, String source) {
    var scale = judge.rubric().scale();
    String label = judge.judge(Map.of("claim", claim, "source", source)).label();
    return scale.indexOf(label) / (double) (scale.size() - 1);
  }

  @Override
  public boolean supports(String claim, String source) {
    return score(claim, source) >= 1.0;
  }
}
