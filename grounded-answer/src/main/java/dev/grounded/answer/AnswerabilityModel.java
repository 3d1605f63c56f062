package dev.grounded.answer;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * A logistic model over {@link Answerability} features: the calibrated chance that a quoted
 * sentence answers the question. The shipped coefficients ({@link #DEFAULT}, the resource {@code
 * answerability.properties}) were fitted on SQuAD 2.0 questions by {@code grounded eval
 * answerability-fit}; the resource records the command.
 *
 * @param intercept the bias
 * @param weights one per {@link Answerability#NAMES}, on the raw feature values
 */
public record AnswerabilityModel(double intercept, List<Double> weights) {
  public static final String RESOURCE = "answerability.properties";

  /** The shipped model. */
  public static final AnswerabilityModel DEFAULT = load();

  public AnswerabilityModel {
    weights = List.copyOf(weights);
    if (weights.size() != Answerability.NAMES.size())
      throw new IllegalArgumentException(
          "expected " + Answerability.NAMES.size() + " weights, got " + weights.size());
  }

  /** The chance, in (0, 1), that the sentence these features describe answers the question. */
  public double confidence(Answerability.Features f) {
    double[] x = f.values();
    double z = intercept;
    for (int i = 0; i < x.length; i++) z += weights.get(i) * x[i];
    return 1 / (1 + Math.exp(-z));
  }

  /** Reads a model: {@code intercept} and {@code weight.<feature>} for every feature. */
  public static AnswerabilityModel read(Reader in) throws IOException {
    Properties p = new Properties();
    p.load(in);
    double[] w = new double[Answerability.NAMES.size()];
    for (int i = 0; i < w.length; i++) {
      String v = p.getProperty("weight." + Answerability.NAMES.get(i));
      if (v == null)
        throw new IllegalArgumentException("no weight for " + Answerability.NAMES.get(i));
      w[i] = Double.parseDouble(v.strip());
    }
    return new AnswerabilityModel(
        Double.parseDouble(Objects.requireNonNull(p.getProperty("intercept"), "intercept").strip()),
        java.util.Arrays.stream(w).boxed().toList());
  }

  /** The model as {@link #read} reads it, after {@code header} lines (written as comments). */
  public String write(List<String> header) {
    StringBuilder b = new StringBuilder();
    for (String h : header) b.append("# ").append(h).append('\n');
    b.append("intercept=").append(intercept).append('\n');
    for (int i = 0; i < weights.size(); i++)
      b.append("weight.")
          .append(Answerability.NAMES.get(i))
          .append('=')
          .append(weights.get(i))
          .append('\n');
    return b.toString();
  }

  private static AnswerabilityModel load() {
    try (InputStream in = AnswerabilityModel.class.getResourceAsStream(RESOURCE)) {
      if (in == null) throw new IllegalStateException("missing resource " + RESOURCE);
      return read(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
