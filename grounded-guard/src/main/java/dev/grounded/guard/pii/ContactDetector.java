package dev.grounded.guard.pii;

import dev.grounded.guard.Finding;
import dev.grounded.guard.Severity;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Email addresses (scanned outwards from each {@code @}), phone numbers (international and national
 * layouts with 7 to 15 digits, dates and times excluded, context words needed for the ambiguous
 * layouts) and IP addresses (IPv4 with valid octets, IPv6 including {@code ::} forms).
 */
final class ContactDetector implements Detector {
  private static final Pattern PHONE =
      Pattern.compile(
          "(?<![\\w+/.-])(?<!\\d,)(?:\\+|\\b00)?\\(?\\d[\\d(). -]{4,24}(?<=\\d)"
              + "(?:[ ]?(?:x|ext\\.?|#)[ ]?\\d{1,6})?(?![\\w@]|[.,-]\\d)");
  private static final Pattern PHONE_WORDS =
      Pattern.compile(
          "\\b(?:phone|telephone|tel|call|calling|mobile|cell|cellphone|fax|desk|office|contact"
              + "|reach|whats ?app|sms|text me|ring|dial|number|mob|ph|nr|tlf)s?\\b");
  static final Pattern OTHER_NUMBER_WORDS =
      Pattern.compile(
          "licen[cs]e|passport|account|order|invoice|\\bid\\b|ticket|tracking|reference"
              + "|\\bref\\b|serial|policy|customer|member");
  private static final Pattern WORD_AFTER = Pattern.compile(" \\p{L}");
  private static final Pattern DATE =
      Pattern.compile("(\\d{1,4})[-/. ](\\d{1,2})[-/. ](\\d{1,4})|\\d{1,2}:\\d{2}");
  private static final Pattern US_PHONE =
      Pattern.compile("(?:\\+?1[ .-]?)?(?:\\(\\d{3}\\) ?|\\d{3}[.-])\\d{3}[.-]\\d{4}");
  private static final Pattern IPV4 =
      Pattern.compile("(?<![\\w.])\\d{1,3}(?:\\.\\d{1,3}){3}(?![\\w]|\\.\\d)");
  private static final Pattern IPV6 =
      Pattern.compile(
          "(?<![\\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}+(?:[0-9A-Fa-f]{1,4}|\\d{1,3}(?:\\.\\d{1,3}){3})?"
              + "(?:%[\\w.]{1,16})?(?![\\w:]|\\.\\d)");
  private static final Pattern VERSION_WORDS =
      Pattern.compile(
          "(?i)\\bv(?:ersion)?\\.?\\s?$|\\b(?:release|build|ec|section|chapter|rfc|table|figure|fig\\.)\\s$");

  @Override
  public void detect(String text, List<Finding> out) {
    if (text.indexOf('@') >= 0) emails(text, out);
    if (text.indexOf(':') >= 0) ipv6(text, out);
    if (!Context.hasDigit(text)) return;
    ipv4(text, out);
    phones(text, out);
  }

  private static boolean localChar(char c) {
    return c < 128 && (Character.isLetterOrDigit(c) || ".!#$%&'*+/=?^_`{|}~-".indexOf(c) >= 0);
  }

  private static boolean domainChar(char c) {
    return c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '-');
  }

  private static void emails(String text, List<Finding> out) {
    for (int at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
      int s = at;
      while (s > 0 && at - s < 64 && localChar(text.charAt(s - 1))) s--;
      while (s < at && ".'".indexOf(text.charAt(s)) >= 0) s++;
      int e = at + 1;
      while (e < text.length() && e - at < 255 && domainChar(text.charAt(e))) e++;
      while (e > at + 1 && ".-".indexOf(text.charAt(e - 1)) >= 0) e--;
      if (s == at || !validDomain(text, at + 1, e)) continue;
      out.add(new Finding("pii.email", s, e, 0.95, Severity.MEDIUM, PiiGuard.NAME));
    }
  }

  private static boolean validDomain(String text, int s, int e) {
    int dot = e - 1;
    while (dot > s && text.charAt(dot) != '.') dot--;
    if (dot <= s || e - dot - 1 < 2) return false;
    for (int i = s + 1; i < e; i++)
      if (text.charAt(i) == '.' && text.charAt(i - 1) == '.') return false;
    for (int i = dot + 1; i < e; i++) if (!Character.isLetter(text.charAt(i))) return false;
    return text.charAt(s) != '.' && text.charAt(s) != '-';
  }

  private static void ipv4(String text, List<Finding> out) {
    Matcher m = IPV4.matcher(text);
    while (m.find()) {
      if (!Validators.ipv4(m.group())) continue;
      if (versionBefore(text, m.start())) continue;
      out.add(new Finding("pii.ip", m.start(), m.end(), 0.85, Severity.MEDIUM, PiiGuard.NAME));
    }
  }

  private static boolean versionBefore(String text, int start) {
    Matcher v = VERSION_WORDS.matcher(text);
    v.region(Math.max(0, start - 10), start);
    return v.find();
  }

  private static void ipv6(String text, List<Finding> out) {
    Matcher m = IPV6.matcher(text);
    while (m.find()) {
      String ip = m.group();
      int zone = ip.indexOf('%');
      String addr = zone < 0 ? ip : ip.substring(0, zone);
      int hex = 0;
      for (int i = 0; i < addr.length(); i++) if (addr.charAt(i) != ':') hex++;
      if (hex < 3 || !Validators.ipv6(addr)) continue;
      out.add(new Finding("pii.ip", m.start(), m.end(), 0.85, Severity.MEDIUM, PiiGuard.NAME));
    }
  }

  private static void phones(String text, List<Finding> out) {
    Matcher m = PHONE.matcher(text);
    while (m.find()) {
      String raw = m.group();
      double score = phoneScore(raw);
      if (score <= 0) continue;
      if (Context.near(text, m.start(), m.end(), PHONE_WORDS, 40, 12))
        score = Math.min(0.95, score + 0.35);
      if (Context.near(text, m.start(), m.start(), OTHER_NUMBER_WORDS, 30, 0)) score -= 0.3;
      Matcher after =
          WORD_AFTER.matcher(text).region(m.end(), Math.min(text.length(), m.end() + 2));
      if (after.lookingAt() && !Context.near(text, m.end(), m.end(), PHONE_WORDS, 0, 12))
        score -= 0.2;
      if (score <= 0) continue;
      out.add(new Finding("pii.phone", m.start(), m.end(), score, Severity.MEDIUM, PiiGuard.NAME));
    }
  }

  private static final Pattern DOUBLE_SEPARATOR = Pattern.compile("[ .-]{2,}");
  private static final Pattern SSN_LAYOUT = Pattern.compile("\\d{3}-\\d{2}-\\d{4}");
  private static final Pattern YEAR_RANGE =
      Pattern.compile("(?:18|19|20)\\d\\d ?- ?(?:18|19|20)\\d\\d"); // 1996-2000
  private static final Pattern THOUSANDS = Pattern.compile("[1-9]\\d{0,2}(?:[ .]\\d{3})+");
  private static final Pattern GROUP_SEPARATORS = Pattern.compile("[ .()-]+");
  private static final Pattern COUNT_SEPARATORS = Pattern.compile("[ ,-]+");

  /** 0 when {@code raw} cannot be a phone number, else a score before context is counted. */
  static double phoneScore(String raw) {
    int ext = raw.indexOf('x') >= 0 ? raw.indexOf('x') : raw.indexOf('#');
    String body = ext < 0 ? raw : raw.substring(0, ext).strip();
    if (body.endsWith("ext.") || body.endsWith("ext"))
      body = body.substring(0, body.lastIndexOf("ext")).strip();
    int digits = 0, groups = 1, open = 0;
    boolean dots = false, others = false;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c >= '0' && c <= '9') digits++;
      else if (c == '(') open++;
      else if (c == ')' && --open < 0) return 0;
      if (c == '.') dots = true;
      if (c == ' ' || c == '-' || c == '/') others = true;
      if (i > 0 && (c == ' ' || c == '-' || c == '.') && Character.isDigit(body.charAt(i - 1)))
        groups++;
    }
    if (open != 0 || digits < 7 || digits > 15) return 0;
    if (DOUBLE_SEPARATOR.matcher(body).find() || body.contains(")(")) return 0;
    if (dots && !others && groups == 4 && digits <= 12) return 0; // an IPv4 address
    if (SSN_LAYOUT.matcher(body).matches()) return 0;
    if (dots && body.indexOf('-') >= 0) return 0; // a range of decimals: 1.99-11.07
    if (YEAR_RANGE.matcher(body).matches()) return 0;
    if (range(body) || consecutive(body) || singleDigitGroups(body) > 2) return 0;
    if (looksLikeDate(body)) return 0;
    boolean international = body.startsWith("+") || body.startsWith("00") && digits >= 10;
    if (international && digits >= 8) return 0.85;
    if (US_PHONE.matcher(body).matches()) return 0.8;
    if (!international && THOUSANDS.matcher(body).matches()) return 0.45;
    if (groups == 1) return digits >= 10 && digits <= 11 ? 0.35 : 0.2;
    if (groups == 2 && digits <= 8) return 0.45;
    if (body.startsWith("0") || body.startsWith("(")) return 0.6;
    return 0.55;
  }

  /** Two dash-separated numbers of one length, the second larger: pages 12442-12448. */
  private static boolean range(String body) {
    int dash = body.indexOf('-');
    if (dash < 0 || body.indexOf('-', dash + 1) >= 0) return false;
    String a = body.substring(0, dash).strip(), b = body.substring(dash + 1).strip();
    return a.length() == b.length()
        && a.length() >= 3
        && a.chars().allMatch(Character::isDigit)
        && b.chars().allMatch(Character::isDigit)
        && a.compareTo(b) < 0
        && a.charAt(0) == b.charAt(0);
  }

  private static int singleDigitGroups(String body) {
    int n = 0;
    for (String g : GROUP_SEPARATORS.split(body)) if (g.length() == 1) n++;
    return n;
  }

  /** Short numbers counting up by one: reference markers "10 11 12 13 14". */
  private static boolean consecutive(String body) {
    String[] parts = COUNT_SEPARATORS.split(body);
    if (parts.length < 3) return false;
    for (int i = 0; i < parts.length; i++) {
      if (parts[i].length() > 3 || !parts[i].chars().allMatch(Character::isDigit)) return false;
      if (i > 0 && Integer.parseInt(parts[i]) != Integer.parseInt(parts[i - 1]) + 1) return false;
    }
    return true;
  }

  private static boolean looksLikeDate(String body) {
    Matcher d = DATE.matcher(body);
    while (d.find()) {
      if (d.group(1) == null) return true; // a time
      int a = Integer.parseInt(d.group(1)), b = Integer.parseInt(d.group(2));
      int c = Integer.parseInt(d.group(3));
      String y1 = d.group(1), y3 = d.group(3);
      if (y1.length() == 4 && a >= 1900 && a <= 2100 && b >= 1 && b <= 12 && c >= 1 && c <= 31)
        return true;
      if (y3.length() == 4 && c >= 1900 && c <= 2100 && a >= 1 && a <= 31 && b >= 1 && b <= 31)
        return true;
    }
    return false;
  }
}
