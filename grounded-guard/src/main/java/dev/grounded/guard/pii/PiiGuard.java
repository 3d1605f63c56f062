package dev.grounded.guard.pii;

import dev.grounded.guard.Finding;
import dev.grounded.guard.Guard;
import dev.grounded.guard.Source;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Personal data and secrets in a text: emails, phones, payment cards, IBANs, IP addresses, US SSNs,
 * API keys and other secrets, and (by lighter heuristics) person names and street addresses.
 *
 * <p>Each detector proposes candidates with a score; those at or above {@link #minScore()} are
 * kept, and where two overlap the higher score wins (then the longer span, then the earlier
 * detector): a Luhn-valid card is not also a phone number, an IBAN's digits are not a card. Types
 * and severities are listed in the package documentation.
 */
public final class PiiGuard implements Guard {
  /** The detector name on every finding. */
  public static final String NAME = "pii";

  /** The default score threshold. */
  public static final double DEFAULT_MIN_SCORE = 0.5;

  private static final List<Detector> STRUCTURED =
      List.of(new SecretDetector(), new AccountDetector(), new ContactDetector());
  private static final List<Detector> HEURISTIC =
      List.of(new AddressDetector(), new NameDetector());

  private final double minScore;
  private final List<Detector> detectors;

  /** Every type, default threshold. */
  public PiiGuard() {
    this(DEFAULT_MIN_SCORE, true);
  }

  /**
   * @param minScore candidates scoring below this are dropped
   * @param namesAndAddresses whether to run the heuristic person and address detectors
   */
  public PiiGuard(double minScore, boolean namesAndAddresses) {
    if (!(minScore >= 0 && minScore <= 1))
      throw new IllegalArgumentException("minScore " + minScore + " is not in [0, 1]");
    this.minScore = minScore;
    List<Detector> all = new ArrayList<>(STRUCTURED);
    if (namesAndAddresses) all.addAll(HEURISTIC);
    this.detectors = List.copyOf(all);
  }

  public double minScore() {
    return minScore;
  }

  @Override
  public List<Finding> scan(String text, Source source) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(source, "source");
    if (text.isEmpty()) return List.of();
    List<Finding> candidates = new ArrayList<>();
    for (Detector d : detectors) {
      int from = candidates.size();
      d.detect(text, candidates);
      for (int i = candidates.size() - 1; i >= from; i--)
        if (candidates.get(i).score() < minScore
            || candidates.get(i).start() == candidates.get(i).end()) candidates.remove(i);
    }
    return resolve(candidates);
  }

  /** Non-overlapping findings, best first by score then length (stable), returned by start. */
  static List<Finding> resolve(List<Finding> candidates) {
    if (candidates.size() <= 1) return List.copyOf(candidates);
    List<Finding> byStrength = new ArrayList<>(candidates);
    byStrength.sort(
        Comparator.comparingDouble(Finding::score)
            .reversed()
            .thenComparing(Comparator.comparingInt((Finding f) -> f.end() - f.start()).reversed()));
    TreeMap<Integer, Finding> kept = new TreeMap<>(); // by start; disjoint, so ends ascend too
    for (Finding f : byStrength) {
      Map.Entry<Integer, Finding> before = kept.lowerEntry(f.end());
      if (before == null || before.getValue().end() <= f.start()) kept.put(f.start(), f);
    }
    return List.copyOf(kept.values());
  }
}
