package dev.grounded.answer;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * A confidence that a quoted sentence answers the question, from its {@link Answerability}
 * features: a product of logistic parts, each the chance of one condition (the shipped model: that
 * the retrieved context holds the fact at all, and that the sentence answers the question rather
 * than a near miss of it), each raised to its exponent. With an exponent other than 1 the product
 * ranks and thresholds well but is no longer a calibrated probability. The shipped coefficients
 * ({@link #DEFAULT}, the resource {@code answerability.properties}) were fitted on SQuAD 2.0
 * questions by {@code grounded eval answerability-fit}; the resource records the command.
 */
public record AnswerabilityModel(List<Part> parts) {
  public static final String RESOURCE = "answerability.properties";

  /** The shipped model. */
  public static final AnswerabilityModel DEFAULT = load();

  /**
   * One logistic part.
   *
   * @param name its name (a key prefix in the resource)
   * @param intercept the bias
   * @param weights one per {@link Answerability#NAMES}, on the raw feature values
   * @param exponent the power its probability is raised to in the product (its weight there)
   */
  public record Part(String name, double intercept, List<Double> weights, double exponent) {
    public Part(String name, double intercept, List<Double> weights) {
      this(name, intercept, weights, 1);
    }

    public Part {
      if (!(exponent > 0)) throw new IllegalArgumentException("exponent must be > 0");
      Objects.requireNonNull(name, "name");
      weights = List.copyOf(weights);
      if (weights.size() != Answerability.NAMES.size())
        throw new IllegalArgumentException(
            "expected " + Answerability.NAMES.size() + " weights, got " + weights.size());
    }

    public double probability(double[] x) {
      double z = intercept;
      for (int i = 0; i < x.length; i++) z += weights.get(i) * x[i];
      return Math.pow(1 / (1 + Math.exp(-z)), exponent);
    }

    public Part withExponent(double e) {
      return new Part(name, intercept, weights, e);
    }
  }

  public AnswerabilityModel {
    parts = List.copyOf(parts);
    if (parts.isEmpty()) throw new IllegalArgumentException("no parts");
  }

  /** The confidence, in (0, 1), that the sentence these features describe answers the question. */
  public double confidence(Answerability.Features f) {
    double[] x = f.values();
    double p = 1;
    for (Part part : parts) p *= part.probability(x);
    return p;
  }

  /**
   * Reads a model: {@code parts} (names, comma-separated), then per part {@code <name>.intercept},
   * {@code <name>.exponent} (default 1) and {@code <name>.weight.<feature>} for every feature.
   */
  public static AnswerabilityModel read(Reader in) throws IOException {
    Properties p = new Properties();
    p.load(in);
    String names = Objects.requireNonNull(p.getProperty("parts"), "parts");
    List<Part> parts = new ArrayList<>();
    for (String name : names.split(",")) {
      name = name.strip();
      double[] w = new double[Answerability.NAMES.size()];
      for (int i = 0; i < w.length; i++) {
        String key = name + ".weight." + Answerability.NAMES.get(i);
        String v = p.getProperty(key);
        if (v == null) throw new IllegalArgumentException("no " + key);
        w[i] = Double.parseDouble(v.strip());
      }
      String b = Objects.requireNonNull(p.getProperty(name + ".intercept"), name + ".intercept");
      parts.add(
          new Part(
              name,
              Double.parseDouble(b.strip()),
              Arrays.stream(w).boxed().toList(),
              Double.parseDouble(p.getProperty(name + ".exponent", "1").strip())));
    }
    return new AnswerabilityModel(parts);
  }

  /** The model as {@link #read} reads it, after {@code header} lines (written as comments). */
  public String write(List<String> header) {
    StringBuilder b = new StringBuilder();
    for (String h : header) b.append("# ").append(h).append('\n');
    b.append("parts=").append(String.join(",", parts.stream().map(Part::name).toList()));
    b.append('\n');
    for (Part part : parts) {
      b.append(part.name()).append(".intercept=").append(part.intercept()).append('\n');
      b.append(part.name()).append(".exponent=").append(part.exponent()).append('\n');
      for (int i = 0; i < part.weights().size(); i++)
        b.append(part.name())
            .append(".weight.")
            .append(Answerability.NAMES.get(i))
            .append('=')
            .append(part.weights().get(i))
            .append('\n');
    }
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
