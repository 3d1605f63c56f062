package dev.grounded.guard.injection;

import dev.grounded.guard.Finding;
import dev.grounded.guard.Guard;
import dev.grounded.guard.Severity;
import dev.grounded.guard.Source;
import dev.grounded.guard.linear.LinearTextClassifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * Prompt injection, direct (user input) and indirect (retrieved chunks, documents): {@link
 * InjectionRules} plus a trained {@link LinearTextClassifier}. Every finding has the type {@code
 * injection}: a rule's finding spans what the rule matched (score 1, high severity); a classifier
 * finding spans the whole text, its score the model's probability.
 *
 * <p>Severity: rule findings are high; input-model findings are high from probability 0.9, else
 * medium; chunk-model findings are always medium, because the chunk model also flags ordinary
 * technical prose it never saw in training (a quarter of PEP 8's 1 KB chunks): a policy should
 * quote such chunks as data rather than withhold them, and withhold on rule findings.
 *
 * <p>Two models, one for each kind of text: the <em>input</em> model (inputs and outputs) is fitted
 * on prompts, the <em>chunk</em> model (chunks and documents) on passages with attacks planted in
 * them, scored window by window; each has its own threshold, chosen on out-of-fold training scores
 * (see {@code injection.properties} for how, and the held-out figures).
 */
public final class InjectionGuard implements Guard {
  public static final String TYPE = "injection";
  private static final String RESOURCES = "/dev/grounded/guard/injection/";

  private final LinearTextClassifier input;
  private final double inputThreshold;
  private final LinearTextClassifier chunk;
  private final double chunkThreshold;

  /**
   * @param inputThreshold probability at or above which the input model flags a text (inputs and
   *     outputs)
   * @param chunkThreshold the same for the chunk model (chunks and documents)
   */
  public InjectionGuard(
      LinearTextClassifier input,
      double inputThreshold,
      LinearTextClassifier chunk,
      double chunkThreshold) {
    this.input = Objects.requireNonNull(input, "input");
    this.chunk = Objects.requireNonNull(chunk, "chunk");
    for (double t : new double[] {inputThreshold, chunkThreshold})
      if (!(t >= 0 && t <= 1))
        throw new IllegalArgumentException("threshold " + t + " is not in [0, 1]");
    this.inputThreshold = inputThreshold;
    this.chunkThreshold = chunkThreshold;
  }

  /** The guard with the committed models and thresholds (loaded once per call; share it). */
  public static InjectionGuard defaults() {
    Properties p = new Properties();
    try (InputStream in = resource("injection.properties")) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new InjectionGuard(
        model(p.getProperty("input.model")),
        Double.parseDouble(p.getProperty("input.threshold")),
        model(p.getProperty("chunk.model")),
        Double.parseDouble(p.getProperty("chunk.threshold")));
  }

  /**
   * The same models at other thresholds (probabilities in [0, 1]): lower finds more and flags more
   * benign texts; the committed ones and their held-out figures are in {@code
   * injection.properties}.
   */
  public InjectionGuard withThresholds(double inputThreshold, double chunkThreshold) {
    return new InjectionGuard(input, inputThreshold, chunk, chunkThreshold);
  }

  private static LinearTextClassifier model(String name) {
    try (InputStream in = resource(name)) {
      return LinearTextClassifier.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = InjectionGuard.class.getResourceAsStream(RESOURCES + name);
    if (in == null) throw new IllegalStateException("missing resource " + RESOURCES + name);
    return in;
  }

  @Override
  public List<Finding> scan(String text, Source source) {
    if (text.isBlank()) return List.of();
    List<Finding> found = new ArrayList<>(2);
    double p = probability(text, source);
    if (p >= threshold(source)) {
      Severity severity = !isPassage(source) && p >= 0.9 ? Severity.HIGH : Severity.MEDIUM;
      found.add(new Finding(TYPE, 0, text.length(), p, severity, "injection"));
    }
    for (InjectionRules.Match m : InjectionRules.find(text))
      found.add(new Finding(TYPE, m.start(), m.end(), 1, Severity.HIGH, "injection/" + m.rule()));
    return found;
  }

  /** The classifier's probability that {@code text} is an injection, by the source's model. */
  public double probability(String text, Source source) {
    return model(source).probability(text);
  }

  /**
   * The guard's score for a text: 1 when a rule matches, else the classifier's probability. A text
   * is flagged when its score reaches {@link #threshold(Source)}.
   */
  public double score(String text, Source source) {
    if (text.isBlank()) return 0;
    return InjectionRules.find(text).isEmpty() ? probability(text, source) : 1;
  }

  public double threshold(Source source) {
    return isPassage(source) ? chunkThreshold : inputThreshold;
  }

  private LinearTextClassifier model(Source source) {
    return isPassage(source) ? chunk : input;
  }

  private static boolean isPassage(Source source) {
    return source == Source.CHUNK || source == Source.DOCUMENT;
  }
}
