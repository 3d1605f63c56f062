package dev.grounded.gateway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.gateway.learn.Logistic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The classifier router's model: a logistic regression over {@link PromptFeatures} giving the
 * probability that a prompt needs the strong model. Trained by {@link #train} with plain batch
 * gradient descent on standardized features from zero weights (no randomness, so the same examples
 * give the same model); saved as a small JSON file ({@value #SCHEMA}) that the router loads.
 *
 * @param embedding the embedding model whose vectors were features, or "" for none
 * @param dimensions that model's vector length (0 without one)
 * @param mean per feature, subtracted before scaling
 * @param scale per feature, divided by (positive)
 * @param weights per standardized feature
 * @param threshold the default decision threshold on the probability (strong at or above it)
 */
public record RouterModel(
    String embedding,
    int dimensions,
    double[] mean,
    double[] scale,
    double[] weights,
    double bias,
    double threshold) {
  public static final String SCHEMA = "grounded-router/1";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ITERATIONS = 500;
  private static final double LEARNING_RATE = 0.5;

  public RouterModel {
    Objects.requireNonNull(embedding, "embedding");
    if (dimensions < 0 || (dimensions == 0) != embedding.isEmpty())
      throw new IllegalArgumentException(
          "an embedding model needs its dimensions, none needs 0: " + embedding + "/" + dimensions);
    int d = PromptFeatures.SURFACE.size() + dimensions;
    if (mean.length != d || scale.length != d || weights.length != d)
      throw new IllegalArgumentException(
          "need "
              + d
              + " means, scales and weights, got "
              + mean.length
              + "/"
              + scale.length
              + "/"
              + weights.length);
    for (int j = 0; j < d; j++)
      if (!Double.isFinite(mean[j])
          || !(scale[j] > 0)
          || !Double.isFinite(scale[j])
          || !Double.isFinite(weights[j]))
        throw new IllegalArgumentException("feature " + j + ": values must be finite, scale > 0");
    if (!Double.isFinite(bias)) throw new IllegalArgumentException("bias must be finite");
    if (!(threshold >= 0 && threshold <= 1))
      throw new IllegalArgumentException("threshold must be in [0, 1], not " + threshold);
    mean = mean.clone();
    scale = scale.clone();
    weights = weights.clone();
  }

  /** The probability that {@code text} needs the strong model. */
  public double probability(String text, PromptEmbedder embedder) {
    float[] e = dimensions == 0 ? new float[0] : embedder.embed(text);
    if (e.length != dimensions)
      throw new IllegalStateException(
          "the router was trained on "
              + dimensions
              + "-dimensional "
              + embedding
              + " vectors, the embedder gives "
              + e.length);
    return probability(PromptFeatures.vector(text, e));
  }

  /** The probability for a feature vector as {@link PromptFeatures#vector} makes it. */
  public double probability(double[] x) {
    double z = bias;
    for (int j = 0; j < weights.length; j++) z += weights[j] * (x[j] - mean[j]) / scale[j];
    return 1 / (1 + Math.exp(-z));
  }

  public RouterModel withThreshold(double t) {
    return new RouterModel(embedding, dimensions, mean, scale, weights, bias, t);
  }

  /**
   * Fits a model to feature vectors labelled strong ({@code true}) or cheap.
   *
   * @param l2 the ridge penalty on the standardized weights
   * @throws IllegalArgumentException for no examples, mismatched lists or only one class
   */
  public static RouterModel train(
      List<double[]> x, List<Boolean> strong, String embedding, int dimensions, double l2) {
    int n = x.size();
    if (n == 0 || n != strong.size())
      throw new IllegalArgumentException("need as many labels as examples, at least one: " + n);
    if (!strong.contains(true) || !strong.contains(false))
      throw new IllegalArgumentException(
          "need examples of both classes (cheap and strong), got only "
              + (strong.contains(true) ? "strong" : "cheap"));
    int d = PromptFeatures.SURFACE.size() + dimensions;
    for (double[] row : x)
      if (row.length != d)
        throw new IllegalArgumentException(
            "every vector needs " + d + " values, not " + row.length);
    Logistic fit = Logistic.fit(x, strong, ITERATIONS, LEARNING_RATE, l2);
    return new RouterModel(
        embedding, dimensions, fit.mean(), fit.scale(), fit.weights(), fit.bias(), 0.5);
  }

  /** The JSON form, with {@code extra} (e.g. how it was trained and measured) under "training". */
  public ObjectNode toJson(JsonNode extra) {
    ObjectNode o = JSON.createObjectNode();
    o.put("schema", SCHEMA);
    o.put("kind", "logistic_regression");
    o.put("embedding", embedding);
    o.put("dimensions", dimensions);
    o.put("threshold", threshold);
    o.put("bias", bias);
    ArrayNode features = o.putArray("features");
    List<String> names = PromptFeatures.names(dimensions);
    for (int j = 0; j < names.size(); j++)
      features
          .addObject()
          .put("name", names.get(j))
          .put("mean", mean[j])
          .put("scale", scale[j])
          .put("weight", weights[j]);
    if (extra != null) o.set("training", extra);
    return o;
  }

  public void write(Path file) throws IOException {
    write(file, null);
  }

  public void write(Path file, JsonNode extra) throws IOException {
    JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), toJson(extra));
  }

  /**
   * Reads a model {@link #write} saved.
   *
   * @throws IllegalArgumentException naming the file for anything but such a model
   */
  public static RouterModel read(Path file) {
    JsonNode o;
    try {
      o = JSON.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": not readable JSON: " + e.getMessage(), e);
    }
    if (o == null || !SCHEMA.equals(o.path("schema").asText()))
      throw new IllegalArgumentException(
          file
              + ": not a router model (schema "
              + SCHEMA
              + "); train one with grounded route train");
    int dims = o.path("dimensions").asInt(-1);
    List<String> names = PromptFeatures.names(Math.max(0, dims));
    JsonNode features = o.path("features");
    if (features.size() != names.size())
      throw new IllegalArgumentException(
          file + ": needs " + names.size() + " features, has " + features.size());
    double[] mean = new double[names.size()];
    double[] scale = new double[names.size()];
    double[] weights = new double[names.size()];
    for (int j = 0; j < names.size(); j++) {
      JsonNode f = features.get(j);
      if (!names.get(j).equals(f.path("name").asText()))
        throw new IllegalArgumentException(
            file
                + ": feature "
                + j
                + " is '"
                + f.path("name").asText()
                + "', expected '"
                + names.get(j)
                + "' (trained by another version?)");
      mean[j] = f.path("mean").asDouble(Double.NaN);
      scale[j] = f.path("scale").asDouble(Double.NaN);
      weights[j] = f.path("weight").asDouble(Double.NaN);
    }
    try {
      return new RouterModel(
          o.path("embedding").asText(""),
          dims,
          mean,
          scale,
          weights,
          o.path("bias").asDouble(Double.NaN),
          o.path("threshold").asDouble(Double.NaN));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }
}
