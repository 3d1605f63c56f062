package dev.grounded.guard.policy;

import dev.grounded.guard.Finding;
import dev.grounded.guard.Guard;
import dev.grounded.guard.Severity;
import dev.grounded.guard.Source;
import dev.grounded.guard.linear.LinearTextClassifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Content policy: configurable categories, each a blocklist of words or phrases (whole words, case
 * ignored) and regular expressions, plus classifiers, each flagging a whole text for one category.
 * Every finding has the type {@code policy.<category>}: a blocklist or pattern finding spans its
 * match (score 1), a classifier finding the whole text (score = the model's probability).
 *
 * <p>{@link #defaults()} holds the committed {@code harmful} classifier (requests for harmful
 * content: weapons, crime, malware, harassment, self-harm…) and no blocklists: those are a
 * deployment's choice, added with {@link #withCategories}.
 */
public final class ContentPolicyGuard implements Guard {
  private static final String RESOURCES = "/dev/grounded/guard/policy/";
  private static final Pattern NAME = Pattern.compile("[a-z0-9_]+");

  /**
   * A category matched by words and patterns.
   *
   * @param name lower case letters, digits and underscores; findings are {@code policy.<name>}
   * @param terms words or phrases, matched as whole words, case ignored
   * @param patterns regular expressions (Java syntax), case ignored
   */
  public record Category(
      String name, List<String> terms, List<String> patterns, Severity severity) {
    public Category {
      checkName(name);
      terms = List.copyOf(terms);
      patterns = List.copyOf(patterns);
      Objects.requireNonNull(severity, "severity");
    }

    Pattern compiled() {
      List<String> parts = new ArrayList<>();
      for (String t : terms)
        if (!t.isBlank())
          parts.add("(?<![\\p{L}\\p{N}])" + Pattern.quote(t.strip()) + "(?![\\p{L}\\p{N}])");
      for (String p : patterns) parts.add("(?:" + p + ")");
      if (parts.isEmpty()) return null;
      return Pattern.compile(
          String.join("|", parts), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }
  }

  /** A category decided by a trained model: flagged when its probability reaches the threshold. */
  public record Classifier(
      String name, LinearTextClassifier model, double threshold, Severity severity) {
    public Classifier {
      checkName(name);
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(severity, "severity");
      if (!(threshold >= 0 && threshold <= 1))
        throw new IllegalArgumentException("threshold " + threshold + " is not in [0, 1]");
    }
  }

  private record Compiled(String type, Pattern pattern, Severity severity) {}

  private final List<Category> categories;
  private final List<Compiled> compiled;
  private final List<Classifier> classifiers;

  public ContentPolicyGuard(List<Category> categories, List<Classifier> classifiers) {
    this.categories = List.copyOf(categories);
    this.classifiers = List.copyOf(classifiers);
    List<Compiled> c = new ArrayList<>();
    for (Category cat : this.categories) {
      Pattern p = cat.compiled();
      if (p != null) c.add(new Compiled("policy." + cat.name(), p, cat.severity()));
    }
    this.compiled = List.copyOf(c);
  }

  /** The committed {@code harmful} classifier at its committed threshold, no blocklists. */
  public static ContentPolicyGuard defaults() {
    Properties p = new Properties();
    try (InputStream in = resource("policy.properties")) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    LinearTextClassifier model;
    try (InputStream in = resource(p.getProperty("harmful.model"))) {
      model = LinearTextClassifier.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    double threshold = Double.parseDouble(p.getProperty("harmful.threshold"));
    return new ContentPolicyGuard(
        List.of(), List.of(new Classifier("harmful", model, threshold, Severity.HIGH)));
  }

  /** This guard with {@code more} categories added. */
  public ContentPolicyGuard withCategories(List<Category> more) {
    List<Category> all = new ArrayList<>(categories);
    all.addAll(more);
    return new ContentPolicyGuard(all, classifiers);
  }

  public List<Classifier> classifiers() {
    return classifiers;
  }

  @Override
  public List<Finding> scan(String text, Source source) {
    if (text.isBlank()) return List.of();
    List<Finding> found = new ArrayList<>(2);
    for (Classifier c : classifiers) {
      double p = c.model().probability(text);
      if (p >= c.threshold())
        found.add(new Finding("policy." + c.name(), 0, text.length(), p, c.severity(), "policy"));
    }
    for (Compiled c : compiled) {
      Matcher m = c.pattern().matcher(text);
      while (m.find())
        if (m.end() > m.start())
          found.add(new Finding(c.type(), m.start(), m.end(), 1, c.severity(), "policy/list"));
    }
    if (found.size() > 1) found.sort(Comparator.comparingInt(Finding::start));
    return found;
  }

  private static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches())
      throw new IllegalArgumentException(
          "policy category '" + name + "' must be lower case letters, digits or underscores");
  }

  private static InputStream resource(String name) {
    InputStream in = ContentPolicyGuard.class.getResourceAsStream(RESOURCES + name);
    if (in == null) throw new IllegalStateException("missing resource " + RESOURCES + name);
    return in;
  }
}
