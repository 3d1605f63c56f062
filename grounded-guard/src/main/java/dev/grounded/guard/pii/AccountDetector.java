package dev.grounded.guard.pii;

import dev.grounded.guard.Finding;
import dev.grounded.guard.Severity;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Payment cards (Luhn and issuer prefix), IBANs (country length and mod-97) and US SSNs (number
 * rules, context words). Every candidate is checked before it becomes a finding.
 */
final class AccountDetector implements Detector {
  private static final Pattern CARD =
      Pattern.compile("(?<![\\d.,-])\\d(?:[ -]?\\d){11,18}+(?!\\d)");
  private static final Pattern CARD_WORDS =
      Pattern.compile(
          "card|visa|master|amex|american express|discover|maestro|credit|debit|\\bcc\\b|payment|pan\\b");
  private static final Pattern IBAN_START = Pattern.compile("(?<![\\p{L}\\d])[A-Za-z]{2}\\d{2}");
  private static final Pattern SSN =
      Pattern.compile("(?<![\\d-])(\\d{3})([- ]?)(\\d{2})\\2(\\d{4})(?![\\d-]|\\.\\d)");
  private static final Pattern SSN_WORDS =
      Pattern.compile("\\bssn|social security|\\bss ?#|\\bss no|\\bsocial sec|\\btin\\b");

  @Override
  public void detect(String text, List<Finding> out) {
    if (!Context.hasDigit(text)) return;
    cards(text, out);
    ibans(text, out);
    ssns(text, out);
  }

  private static void cards(String text, List<Finding> out) {
    Matcher m = CARD.matcher(text);
    while (m.find()) {
      String raw = m.group();
      if (!consistentSeparators(raw)) continue;
      String digits = digitsOf(raw);
      if (!Validators.luhn(digits)) continue;
      boolean issuer = Validators.cardIssuer(digits);
      boolean context = Context.near(text, m.start(), m.end(), CARD_WORDS, 40, 20);
      if (!issuer && !(context && Validators.cardLength(digits))) continue;
      if (digits.length() < 13 && !context) continue; // a 12-digit Maestro needs a card word
      if (Context.near(text, m.start(), m.start(), ContactDetector.OTHER_NUMBER_WORDS, 20, 0)
          && !context) continue;
      boolean grouped = digits.length() != raw.length();
      double score = !issuer ? 0.6 : context ? 1.0 : grouped ? 0.9 : 0.8;
      out.add(new Finding("pii.card", m.start(), m.end(), score, Severity.HIGH, PiiGuard.NAME));
    }
  }

  private static final Pattern SEPARATOR = Pattern.compile("[ -]");

  private static String digitsOf(String raw) {
    StringBuilder b = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++)
      if (Character.isDigit(raw.charAt(i))) b.append(raw.charAt(i));
    return b.toString();
  }

  /** Groups of 4 (or Amex 4-6-5) with one kind of separator, or no separator at all. */
  private static boolean consistentSeparators(String raw) {
    boolean space = raw.indexOf(' ') >= 0, dash = raw.indexOf('-') >= 0;
    if (!space && !dash) return true;
    if (space && dash) return false;
    String[] groups = SEPARATOR.split(raw);
    if (groups.length == 3 && groups[0].length() == 4 && groups[1].length() == 6) return true;
    for (int i = 0; i < groups.length; i++)
      if (groups[i].length() != 4 && !(i == groups.length - 1 && groups[i].length() < 4))
        return false;
    return true;
  }

  /** Country code, check digits, then the country's length of letters and digits, single spaces. */
  private static void ibans(String text, List<Finding> out) {
    Matcher m = IBAN_START.matcher(text);
    while (m.find()) {
      Integer len =
          Validators.IBAN_LENGTHS.get(m.group().substring(0, 2).toUpperCase(java.util.Locale.ROOT));
      if (len == null) continue;
      StringBuilder iban = new StringBuilder(m.group());
      int i = m.end();
      while (iban.length() < len && i < text.length()) {
        char c = text.charAt(i);
        if (Character.isLetterOrDigit(c) && c < 128) iban.append(c);
        else if (!(c == ' ' && i + 1 < text.length() && text.charAt(i - 1) != ' ')) break;
        i++;
      }
      if (iban.length() != len) continue;
      if (i < text.length() && Character.isLetterOrDigit(text.charAt(i))) continue;
      if (!Validators.iban(iban.toString())) continue;
      out.add(new Finding("pii.iban", m.start(), i, 1.0, Severity.HIGH, PiiGuard.NAME));
      m.region(i, text.length());
    }
  }

  private static void ssns(String text, List<Finding> out) {
    Matcher m = SSN.matcher(text);
    while (m.find()) {
      int area = Integer.parseInt(m.group(1));
      int group = Integer.parseInt(m.group(3));
      int serial = Integer.parseInt(m.group(4));
      if (!Validators.ssn(area, group, serial)) continue;
      String sep = m.group(2);
      boolean context = Context.near(text, m.start(), m.end(), SSN_WORDS, 40, 10);
      double score = sep.equals("-") ? 0.75 : sep.equals(" ") ? 0.5 : 0.3;
      if (context) score = Math.min(1.0, score + 0.3);
      out.add(new Finding("pii.ssn", m.start(), m.end(), score, Severity.HIGH, PiiGuard.NAME));
    }
  }
}
