package dev.grounded.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PairClassifierTest {
  private static PairFeatures pair(double cosine, int unmatched) {
    return new PairFeatures(cosine, 0.5, unmatched, 0, 0, 1.0, false, false);
  }

  @Test
  void trainingLearnsThatCloserPairsWithFewerExtraWordsAreParaphrases() {
    Random random = new Random(7);
    List<PairFeatures> pairs = new ArrayList<>();
    List<Boolean> labels = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      double cosine = 0.85 + 0.15 * random.nextDouble();
      int unmatched = random.nextInt(5);
      pairs.add(pair(cosine, unmatched));
      labels.add(cosine - 0.02 * unmatched > 0.92);
    }
    PairClassifier c = PairClassifier.train(pairs, labels);
    assertThat(c.weights()[0]).isPositive();
    assertThat(c.weights()[2]).isNegative();
    assertThat(c.logit(pair(0.99, 0))).isGreaterThan(c.logit(pair(0.99, 4)));
    assertThat(c.logit(pair(0.99, 0))).isPositive();
    assertThat(c.logit(pair(0.86, 0))).isNegative();
  }

  @Test
  void trainingIsDeterministic() {
    List<PairFeatures> pairs = List.of(pair(0.9, 2), pair(0.99, 0), pair(0.88, 3), pair(0.97, 1));
    List<Boolean> labels = List.of(false, true, false, true);
    assertThat(PairClassifier.train(pairs, labels).weights())
        .containsExactly(PairClassifier.train(pairs, labels).weights());
  }

  @Test
  void trainingNeedsBothClassesAndOneLabelPerPair() {
    assertThatThrownBy(() -> PairClassifier.train(List.of(pair(0.9, 0)), List.of(true)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PairClassifier.train(List.of(pair(0.9, 0)), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theShippedWeightsHaveOnePerFeature() {
    assertThat(PairClassifier.BGE_SMALL_STSB.weights()).hasSize(PairClassifier.FEATURES.size());
    assertThatThrownBy(() -> new PairClassifier(new double[2], 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
