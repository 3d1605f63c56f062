package dev.grounded.guard.pii;

import dev.grounded.guard.Finding;
import dev.grounded.guard.Severity;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * API keys and secrets: the published formats of common providers (each a prefix plus a fixed
 * alphabet and length), PEM private key blocks, JWTs, an AWS secret key near an access key id, and
 * any high-entropy value written after a key word ({@code token=}, {@code secret:}, {@code
 * password=}, {@code api_key}...). Every finding is {@link Severity#HIGH}.
 */
final class SecretDetector implements Detector {
  /** A provider's format; its pattern runs only on texts containing one of its hints. */
  private record Format(String type, Pattern pattern, double score, List<String> hints) {}

  private static final java.util.Map<String, List<String>> HINTS =
      java.util.Map.ofEntries(
          java.util.Map.entry(
              "aws_key",
              List.of(
                  "AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AIPA", "ANPA", "ANVA", "AROA",
                  "APKA", "ASCA")),
          java.util.Map.entry("github_token", List.of("gh", "github_pat_")),
          java.util.Map.entry("anthropic_key", List.of("sk-ant-")),
          java.util.Map.entry("openai_key", List.of("sk-")),
          java.util.Map.entry("slack_token", List.of("xox")),
          java.util.Map.entry("slack_webhook", List.of("hooks.slack.com")),
          java.util.Map.entry("stripe_key", List.of("_live_", "_test_")),
          java.util.Map.entry("google_api_key", List.of("AIza")),
          java.util.Map.entry("jwt", List.of("eyJ")),
          java.util.Map.entry("private_key", List.of("PRIVATE KEY")));
  private static final List<Format> FORMATS =
      List.of(
          format(
              "aws_key",
              "\\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA|ASCA)[A-Z0-9]{16}\\b",
              0.95),
          format("github_token", "\\bgh[pousr]_[A-Za-z0-9]{36,251}\\b", 0.98),
          format("github_token", "\\bgithub_pat_[A-Za-z0-9_]{50,255}\\b", 0.98),
          format("anthropic_key", "\\bsk-ant-[a-z]{2,8}\\d{2}-[A-Za-z0-9_-]{40,200}", 0.98),
          format(
              "openai_key",
              "\\bsk-(?:(?:proj|svcacct|admin)-)?(?=[A-Za-z0-9_-]{0,200}\\d)(?!ant-)"
                  + "[A-Za-z0-9][A-Za-z0-9_-]{19,200}(?![\\w-])",
              0.9),
          format("slack_token", "\\bxox[abposr]-(?:\\d+-)+[A-Za-z0-9-]{8,}+", 0.95),
          format(
              "slack_webhook",
              "https://hooks\\.slack\\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]{16,}",
              0.95),
          format("stripe_key", "\\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,247}\\b", 0.97),
          format("google_api_key", "\\bAIza[0-9A-Za-z_-]{35}(?![\\w-])", 0.95),
          format(
              "jwt",
              "\\beyJ[A-Za-z0-9_-]{8,4000}\\.eyJ[A-Za-z0-9_-]{4,8000}\\.[A-Za-z0-9_-]{16,1000}",
              0.9),
          format(
              "private_key",
              "-----BEGIN (?:[A-Z0-9]{1,10} ){0,3}PRIVATE KEY(?: BLOCK)?-----"
                  + "(?:[\\s\\S]{0,20000}?-----END (?:[A-Z0-9]{1,10} ){0,3}PRIVATE KEY(?: BLOCK)?-----"
                  + "|[A-Za-z0-9+/=\\s:,-]{0,20000}+)",
              0.99));

  private static final Pattern AWS_SECRET =
      Pattern.compile("(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])");
  private static final Pattern AWS_WORDS =
      Pattern.compile("aws|secret[_ -]?access|secret[_ -]?key|akia|asia");

  /** A key word, an assignment, an optional quote, then the value. */
  private static final Pattern ASSIGNED =
      Pattern.compile(
          "(?i)(?<![a-z])(passw(?:or)?d|passwd|pwd|passphrase|pass"
              + "|api[_ .-]?key|apikey|api[_-]?secret|access[_-]?key(?:[_-]?id)?|secret(?:[_-]?key)?"
              + "|client[_-]?secret|auth[_-]?token|access[_-]?token|refresh[_-]?token|bearer"
              + "|token|credentials?|private[_-]?key|signing[_-]?key|app[_-]?key)"
              + "(?![a-z])(?:[\"']?[ \\t]{0,3}(?:[:=]|=>|\\bis\\b)|(?<=bearer))[ \\t]{0,3}"
              + "[\"'`]?([^\\s\"'`<>,;&)(\\]\\[{}]{6,300})");

  private static final Pattern PLACEHOLDER =
      Pattern.compile(
          "xxxx|\\*\\*\\*|\\.\\.\\.|your|example|placeholder|redacted|changeme|dummy|"
              + "insert|secret_here|_here|<|\\$\\{|\\{\\{|%s|null|none|undefined|true|false");

  private static Format format(String kind, String regex, double score) {
    return new Format("secret." + kind, Pattern.compile(regex), score, HINTS.get(kind));
  }

  private static final List<String> AWS_HINTS = List.of("aws", "secret", "akia", "asia");
  private static final List<String> KEY_WORD_HINTS =
      List.of("pass", "pwd", "key", "secret", "token", "credential", "bearer");

  private static boolean anyIn(String text, List<String> hints) {
    for (String h : hints) if (text.contains(h)) return true;
    return false;
  }

  @Override
  public void detect(String text, List<Finding> out) {
    for (Format f : FORMATS) {
      if (!anyIn(text, f.hints())) continue;
      Matcher m = f.pattern().matcher(text);
      while (m.find())
        out.add(new Finding(f.type(), m.start(), m.end(), f.score(), Severity.HIGH, PiiGuard.NAME));
    }
    String lower = text.toLowerCase(Locale.ROOT);
    if (anyIn(lower, AWS_HINTS)) awsSecrets(text, out);
    if (anyIn(lower, KEY_WORD_HINTS)) assigned(text, out);
    bare(text, out);
  }

  /**
   * A random-looking token with no key word: 20 to 200 characters mixing upper case, lower case and
   * digits at 4 bits per character or more, not part of a longer blob (a base64 image, a PEM body)
   * and not a hex digest (lower-case hex never mixes cases).
   */
  private static void bare(String text, List<Finding> out) {
    Matcher m = BARE.matcher(text);
    while (m.find()) {
      String v = m.group();
      if (!mixedCase(v) || digitCount(v) < 2 || entropy(v) < 4.0) continue;
      if (v.indexOf('-') >= 0 || v.indexOf('/') >= 0 && v.length() < 32)
        continue; // Oct4/Sox2-mediated
      int s = m.start();
      if (s >= 7 && text.startsWith("base64,", s - 7)) continue;
      if (DIGEST_BEFORE.matcher(text.substring(Math.max(0, s - 12), s)).find()) continue;
      out.add(new Finding("secret.high_entropy", s, m.end(), 0.55, Severity.HIGH, PiiGuard.NAME));
    }
  }

  private static final Pattern BARE =
      Pattern.compile(
          "(?<![A-Za-z0-9_+/=-])[A-Za-z0-9][A-Za-z0-9_+/-]{18,198}[A-Za-z0-9=](?![A-Za-z0-9_+/=-])");

  private static final Pattern DIGEST_BEFORE =
      Pattern.compile("(?i)(?:sha\\d{0,3}|md5|fingerprint|digest|hash)[:= ]$");

  private static int digitCount(String v) {
    int n = 0;
    for (int i = 0; i < v.length(); i++) if (Character.isDigit(v.charAt(i))) n++;
    return n;
  }

  private static void awsSecrets(String text, List<Finding> out) {
    Matcher m = AWS_SECRET.matcher(text);
    while (m.find()) {
      String v = m.group();
      if (!mixedCase(v) || !Context.near(text, m.start(), m.end(), AWS_WORDS, 200, 60)) continue;
      out.add(
          new Finding("secret.aws_secret", m.start(), m.end(), 0.92, Severity.HIGH, PiiGuard.NAME));
    }
  }

  private static void assigned(String text, List<Finding> out) {
    Matcher m = ASSIGNED.matcher(text);
    while (m.find()) {
      String word = m.group(1).toLowerCase(Locale.ROOT);
      String value = trimEnd(m.group(2));
      if (value.length() < 6 || PLACEHOLDER.matcher(value.toLowerCase(Locale.ROOT)).find())
        continue;
      boolean password = word.startsWith("pass") || word.equals("pwd");
      double score = password ? passwordScore(value) : tokenScore(value);
      if (score <= 0) continue;
      int start = m.start(2);
      String type = password ? "secret.password" : "secret.high_entropy";
      out.add(
          new Finding(type, start, start + value.length(), score, Severity.HIGH, PiiGuard.NAME));
    }
  }

  private static String trimEnd(String v) {
    int e = v.length();
    while (e > 0 && ".:!?".indexOf(v.charAt(e - 1)) >= 0) e--;
    return v.substring(0, e);
  }

  /** A password: 6+ characters mixing at least two of lower, upper, digits and symbols. */
  static double passwordScore(String v) {
    int classes = classes(v);
    if (classes < 2 && !(v.length() >= 12 && entropy(v) >= 3.0)) return 0;
    return classes >= 3 ? 0.85 : 0.7;
  }

  /** A token: 12+ characters, letters and digits mixed, about 3 bits per character or more. */
  static double tokenScore(String v) {
    if (v.length() < 12) return 0;
    boolean letter = false, digit = false;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      letter |= Character.isLetter(c);
      digit |= Character.isDigit(c);
    }
    double h = entropy(v);
    if (!letter || !digit || h < 3.0) return 0;
    return h >= 3.5 ? 0.85 : 0.7;
  }

  private static int classes(String v) {
    boolean lower = false, upper = false, digit = false, symbol = false;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (Character.isLowerCase(c)) lower = true;
      else if (Character.isUpperCase(c)) upper = true;
      else if (Character.isDigit(c)) digit = true;
      else symbol = true;
    }
    return (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (symbol ? 1 : 0);
  }

  private static boolean mixedCase(String v) {
    boolean lower = false, upper = false, digit = false;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      lower |= c >= 'a' && c <= 'z';
      upper |= c >= 'A' && c <= 'Z';
      digit |= c >= '0' && c <= '9';
    }
    return lower && upper && digit;
  }

  /** Shannon entropy of the characters of {@code v}, in bits per character. */
  static double entropy(String v) {
    int[] counts = new int[128];
    int other = 0;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < 128) counts[c]++;
      else other++;
    }
    double h = 0, n = v.length();
    for (int c : counts) if (c > 0) h -= c / n * Math.log(c / n);
    if (other > 0) h -= other / n * Math.log(other / n);
    return h / Math.log(2);
  }
}
