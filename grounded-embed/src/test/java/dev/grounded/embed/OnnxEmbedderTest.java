package dev.grounded.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OnnxEmbedderTest {
  private static final List<String> TEXTS =
      List.of(
          "Aspirin reduces the risk of heart attack in adults with cardiovascular disease.",
          "x",
          "",
          "The mitochondrion is the powerhouse of the cell. ".repeat(40),
          "Retrieval-augmented generation grounds a language model's answers in retrieved documents, "
              + "so that every claim can be traced back to a source passage and checked.",
          "café naïve 中文 😀",
          "Photosynthesis converts light energy into chemical energy stored in glucose. "
              .repeat(12),
          "short one");

  private static OnnxEmbedder embedder;
  private static OnnxEmbedder smallBatches;

  @BeforeAll
  static void load() throws Exception {
    embedder = OnnxEmbedder.bgeSmallEnV15Q(2);
    byte[] model;
    try (InputStream in = OnnxEmbedderTest.class.getResourceAsStream("/bge-small-en-v1.5-q.onnx")) {
      model = in.readAllBytes();
    }
    OnnxEmbedder.Options options =
        new OnnxEmbedder.Options(
            OnnxEmbedder.BGE_QUERY_PREFIX, OnnxEmbedder.Pooling.CLS, 512, 3, 600);
    smallBatches = OnnxEmbedder.create(model, WordPieceTokenizer.bgeSmallEnV15(), options, 1);
  }

  @AfterAll
  static void close() {
    embedder.close();
    smallBatches.close();
  }

  @Test
  void vectorsHave384DimensionsAndUnitLength() {
    assertThat(embedder.dimensions()).isEqualTo(384);
    for (float[] v : embedder.embed(TEXTS)) {
      assertThat(v).hasSize(384);
      assertThat(dot(v, v)).isCloseTo(1.0, within(1e-4));
    }
    assertThat(embedder.embedQuery("what is aspirin for?")).hasSize(384);
  }

  @Test
  void noTextsGiveNoVectors() {
    assertThat(embedder.embed(List.of())).isEmpty();
  }

  /**
   * The model is dynamically quantized: each int8 MatMul takes its scale from the whole batch
   * tensor, so a text's vector moves slightly with its batch neighbours, even with no padding
   * (cosine 0.991-1.0 measured here, lowest for the shortest texts). A wrong attention mask moves
   * it much further (0.92 measured for a 17-token text padded to 32), which is what these tests
   * catch.
   */
  private static final double SAME_IN_ANY_BATCH = 0.985;

  @Test
  void batchEmbeddingEqualsOneByOneEmbeddingForTextsOfVeryDifferentLengths() {
    List<float[]> batched = embedder.embed(TEXTS);
    List<float[]> inSmallBatches = smallBatches.embed(TEXTS);
    for (int i = 0; i < TEXTS.size(); i++) {
      float[] alone = embedder.embed(List.of(TEXTS.get(i))).get(0);
      assertThat(dot(batched.get(i), alone))
          .as("text %d in one batch", i)
          .isGreaterThan(SAME_IN_ANY_BATCH);
      assertThat(dot(inSmallBatches.get(i), alone))
          .as("text %d in small batches", i)
          .isGreaterThan(SAME_IN_ANY_BATCH);
    }
  }

  @Test
  void orderIsPreservedWhenInputLengthsAreShuffled() {
    long seed = Long.getLong("tests.seed", System.nanoTime());
    List<String> texts = new ArrayList<>(TEXTS);
    Collections.shuffle(texts, new Random(seed));
    List<float[]> vectors = smallBatches.embed(texts);
    List<float[]> reference = embedder.embed(TEXTS);
    for (int i = 0; i < texts.size(); i++) {
      int nearest = 0;
      for (int j = 1; j < reference.size(); j++) {
        if (dot(vectors.get(i), reference.get(j)) > dot(vectors.get(i), reference.get(nearest)))
          nearest = j;
      }
      assertThat(TEXTS.get(nearest))
          .as("text %d (re-run with -Dtests.seed=%d)", i, seed)
          .isEqualTo(texts.get(i));
    }
  }

  @Test
  void matchesLangChain4jBgeSmallEnV15Quantized() {
    BgeSmallEnV15QuantizedEmbeddingModel reference = new BgeSmallEnV15QuantizedEmbeddingModel();
    List<String> texts =
        List.of(TEXTS.get(0), TEXTS.get(1), TEXTS.get(3), TEXTS.get(4), TEXTS.get(5));
    List<float[]> batched = embedder.embed(texts);
    for (int i = 0; i < texts.size(); i++) {
      float[] expected = reference.embed(texts.get(i)).content().vector();
      float[] alone = embedder.embed(List.of(texts.get(i))).get(0);
      assertThat(dot(alone, expected)).as("text %d alone", i).isGreaterThan(0.9999);
      assertThat(dot(batched.get(i), expected))
          .as("text %d in a batch", i)
          .isGreaterThan(SAME_IN_ANY_BATCH);
    }
  }

  @Test
  void queryEmbeddingDiffersFromPassageEmbeddingAndFindsTheRelevantPassage() {
    String query = "Does aspirin prevent heart attacks?";
    float[] asQuery = embedder.embedQuery(query);
    float[] asPassage = embedder.embed(List.of(query)).get(0);
    assertThat(dot(asQuery, asPassage)).isLessThan(0.999);
    List<float[]> passages = embedder.embed(List.of(TEXTS.get(0), TEXTS.get(6)));
    assertThat(dot(asQuery, passages.get(0))).isGreaterThan(dot(asQuery, passages.get(1)) + 0.1);
  }

  @Test
  void meanPoolingGivesUnitVectorsThatDifferFromClsPooling() throws Exception {
    OnnxEmbedder.Options mean =
        new OnnxEmbedder.Options("", OnnxEmbedder.Pooling.MEAN, 512, 32, 32 * 128);
    byte[] model;
    try (InputStream in = OnnxEmbedderTest.class.getResourceAsStream("/bge-small-en-v1.5-q.onnx")) {
      model = in.readAllBytes();
    }
    try (OnnxEmbedder meanPooled =
        OnnxEmbedder.create(model, WordPieceTokenizer.bgeSmallEnV15(), mean, 1)) {
      float[] v = meanPooled.embed(List.of(TEXTS.get(0))).get(0);
      assertThat(dot(v, v)).isCloseTo(1.0, within(1e-4));
      assertThat(dot(v, embedder.embed(List.of(TEXTS.get(0))).get(0))).isLessThan(0.99);
      assertThat(meanPooled.embedQuery("q")).isEqualTo(meanPooled.embed(List.of("q")).get(0));
    }
  }

  @Test
  void optionsRejectABatchTokenBudgetSmallerThanOneFullSequence() {
    assertThatThrownBy(() -> new OnnxEmbedder.Options("", OnnxEmbedder.Pooling.CLS, 512, 32, 511))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batchTokens");
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) sum += (double) a[i] * b[i];
    return sum;
  }
}
