package dev.grounded.eval.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.grounded.answer.Answerability;
import dev.grounded.answer.AnswerabilityModel;
import dev.grounded.eval.answer.AnswerabilityFit.Example;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AnswerabilityFitTest {
  private static final long SEED = 14;

  /**
   * Answerable with chance sigmoid(4·cosine − 3·number_missing − 1): the fit must find those signs,
   * and beat the noisy "score" feature, which is only weakly related.
   */
  static List<Example> synthetic(int n, Random r) {
    int d = Answerability.NAMES.size();
    int cos = Answerability.NAMES.indexOf("cosine");
    int num = Answerability.NAMES.indexOf("number_missing");
    int score = Answerability.NAMES.indexOf("score");
    List<Example> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] x = new double[d];
      for (int j = 0; j < d; j++) x[j] = r.nextGaussian() * 0.1;
      x[cos] = r.nextGaussian();
      x[num] = r.nextBoolean() ? 1 : 0;
      double z = 4 * x[cos] - 3 * x[num] - 1;
      boolean answerable = r.nextDouble() < 1 / (1 + Math.exp(-z));
      x[score] = (answerable ? 0.3 : 0) + r.nextGaussian();
      out.add(new Example("q" + i, i % 10, answerable, x));
    }
    out.add(new Example("empty", 0, true, null)); // no sentence at all: always abstains
    return out;
  }

  @Test
  void theFitRecoversTheSignsAndSeparatesHeldOutQuestions() {
    Random r = new Random(SEED);
    List<Example> fit = synthetic(2000, r), held = synthetic(2000, r);
    AnswerabilityModel m = AnswerabilityFit.fit(fit, 1e-3);
    AnswerabilityModel.Part part = m.parts().getFirst();
    assertThat(part.weights().get(Answerability.NAMES.indexOf("cosine")))
        .as("seed %d", SEED)
        .isCloseTo(4, within(0.8));
    assertThat(part.weights().get(Answerability.NAMES.indexOf("number_missing")))
        .isCloseTo(-3, within(0.8));
    assertThat(part.intercept()).isCloseTo(-1, within(0.5));
    double combined = AnswerabilityFit.auroc(held, AnswerabilityFit.confidence(m));
    double scoreAlone = AnswerabilityFit.auroc(held, AnswerabilityFit.feature("score"));
    assertThat(combined).isGreaterThan(0.85).isGreaterThan(scoreAlone + 0.1);
  }

  @Test
  void aThresholdForAnAnswerRateAnswersThatShare() {
    Random r = new Random(SEED);
    List<Example> ex = synthetic(1000, r);
    var c = AnswerabilityFit.feature("cosine");
    double t = AnswerabilityFit.thresholdFor(ex, c, 0.9);
    Selective.Point p = AnswerabilityFit.at(ex, c, t);
    // the example without features is answerable and never answered, so 0.9 is reached just
    assertThat(p.answerRate()).isGreaterThanOrEqualTo(0.9).isLessThan(0.91);
    assertThat(p.abstentionAccuracy()).isBetween(0.0, 1.0);
    assertThat(AnswerabilityFit.at(ex, c, Double.NEGATIVE_INFINITY).abstentionAccuracy()).isZero();
  }

  @Test
  void solvesALinearSystem() {
    double[] x = AnswerabilityFit.solve(new double[][] {{0, 2}, {3, 1}}, new double[] {4, 5});
    assertThat(x[0]).isCloseTo(1, within(1e-12));
    assertThat(x[1]).isCloseTo(2, within(1e-12));
  }
}
