package dev.grounded.guard.pii;

import java.util.Map;

/**
 * The checks that turn a digit pattern into a finding: Luhn, IBAN length and mod-97, US SSN number
 * rules, IPv4 octets and IPv6 groups. Pure functions on strings.
 */
final class Validators {
  private Validators() {}

  /** True when the digits of {@code s} (other characters ignored) pass the Luhn check. */
  static boolean luhn(CharSequence s) {
    int sum = 0, n = 0;
    for (int i = s.length() - 1; i >= 0; i--) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') continue;
      int d = c - '0';
      if ((n++ & 1) == 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
    return n > 0 && sum % 10 == 0;
  }

  /**
   * True when {@code digits} (digits only) has a length and an issuer prefix (IIN) some card
   * network uses: Visa, Mastercard (51-55, 2221-2720), Amex, Diners, Discover, JCB, UnionPay,
   * Maestro (12 to 19 digits), Mir.
   */
  static boolean cardIssuer(String digits) {
    int len = digits.length();
    if (len < 12 || len > 19) return false;
    int p2 = Integer.parseInt(digits.substring(0, 2));
    int p4 = Integer.parseInt(digits.substring(0, 4));
    int p3 = p4 / 10;
    if (digits.charAt(0) == '4') return len == 13 || len == 16 || len == 19; // Visa
    if (p2 >= 51 && p2 <= 55 || p4 >= 2221 && p4 <= 2720) return len == 16; // Mastercard
    if (p2 == 34 || p2 == 37) return len == 15; // Amex
    if (p3 >= 300 && p3 <= 305 || p2 == 36 || p2 == 38 || p2 == 39) return len >= 14; // Diners
    if ((p4 == 6011 || p3 >= 644 && p3 <= 649 || p2 == 65) && len >= 16) return true; // Discover
    if (p4 >= 3528 && p4 <= 3589) return len >= 16; // JCB
    if ((p4 == 2131 || p4 == 1800) && len == 15) return true; // JCB, older ranges
    if (p4 >= 2200 && p4 <= 2204) return len >= 16; // Mir
    if (p2 == 62) return len >= 16; // UnionPay
    if (p2 == 50 || p2 >= 56 && p2 <= 69) return true; // Maestro: 12 to 19 digits
    return false;
  }

  /** True when {@code digits} could be a card number of some issuer not listed: 13 to 19 digits. */
  static boolean cardLength(String digits) {
    return digits.length() >= 13 && digits.length() <= 19;
  }

  /** IBAN lengths by country (SWIFT IBAN registry). */
  static final Map<String, Integer> IBAN_LENGTHS =
      parse(
          "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22"
              + " DJ27 DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28"
              + " HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21"
              + " LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29"
              + " PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28 TL23"
              + " TN24 TR26 UA29 VA22 VG24 XK20 YE30");

  private static Map<String, Integer> parse(String table) {
    java.util.HashMap<String, Integer> m = new java.util.HashMap<>();
    for (String e : table.split(" ")) m.put(e.substring(0, 2), Integer.parseInt(e.substring(2)));
    return Map.copyOf(m);
  }

  /**
   * True when {@code iban} (letters and digits only, any case) has its country's length and passes
   * the ISO 7064 mod-97 check.
   */
  static boolean iban(String iban) {
    if (iban.length() < 15) return false;
    Integer len = IBAN_LENGTHS.get(iban.substring(0, 2).toUpperCase(java.util.Locale.ROOT));
    if (len == null || len != iban.length()) return false;
    int mod = 0;
    for (int i = 0; i < iban.length(); i++) {
      char c = iban.charAt((i + 4) % iban.length());
      int v = Character.digit(c, 36);
      if (v < 0 || i >= iban.length() - 4 && i < iban.length() - 2 && v < 10) return false;
      mod = v < 10 ? (mod * 10 + v) % 97 : (mod * 100 + v) % 97;
    }
    return mod == 1;
  }

  /**
   * True when area, group and serial could be an issued US SSN: area not 000, 666 or 900-999, group
   * not 00, serial not 0000, and not one of the numbers known from advertising.
   */
  static boolean ssn(int area, int group, int serial) {
    if (area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0) return false;
    int n = area * 1_000_000 + group * 10_000 + serial;
    return n != 78_051_120 && n != 219_099_999 && n != 123_456_789;
  }

  /** True when {@code s} is a dotted quad of octets 0-255 without leading zeros. */
  static boolean ipv4(CharSequence s) {
    int parts = 0, value = 0, digits = 0;
    for (int i = 0; i <= s.length(); i++) {
      char c = i == s.length() ? '.' : s.charAt(i);
      if (c == '.') {
        if (digits == 0 || value > 255 || parts == 4) return false;
        parts++;
        value = 0;
        digits = 0;
      } else if (c >= '0' && c <= '9') {
        if (digits > 0 && value == 0) return false; // leading zero
        value = value * 10 + (c - '0');
        if (++digits > 3) return false;
      } else return false;
    }
    return parts == 4;
  }

  /**
   * True when {@code s} is an IPv6 address: eight groups of 1-4 hex digits, or fewer with one
   * {@code ::}, optionally ending in a dotted quad (which counts as two groups).
   */
  static boolean ipv6(String s) {
    int dc = s.indexOf("::");
    if (dc >= 0 && s.indexOf("::", dc + 1) >= 0) return false;
    if (s.startsWith(":") && dc != 0 || s.endsWith(":") && dc != s.length() - 2) return false;
    String[] groups = (dc < 0 ? s : s.replace("::", ":z:")).split(":", -1);
    int count = 0;
    for (int i = 0; i < groups.length; i++) {
      String g = groups[i];
      if (g.isEmpty() || g.equals("z")) continue;
      if (i == groups.length - 1 && g.indexOf('.') >= 0) {
        if (!ipv4(g)) return false;
        count += 2;
        continue;
      }
      if (g.length() > 4) return false;
      for (int k = 0; k < g.length(); k++) if (Character.digit(g.charAt(k), 16) < 0) return false;
      count++;
    }
    return dc < 0 ? count == 8 : count < 8;
  }
}
