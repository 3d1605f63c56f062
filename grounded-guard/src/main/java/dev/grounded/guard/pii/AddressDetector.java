package dev.grounded.guard.pii;

import dev.grounded.guard.Finding;
import dev.grounded.guard.Severity;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Street addresses by layout, no model: a house number, one to four capitalised words and a street
 * suffix (the USPS suffix list: Street, St, Avenue, Road, Lane...), optionally followed by an
 * apartment or suite; continental layouts (a compound street word such as {@code -straße}, {@code
 * -katu}, {@code -gatan}, {@code -vej} followed by a number; {@code Rua}, {@code Calle}, {@code
 * Via}... then words and a number; {@code 12 rue ...}); post-office and military boxes; and a lone
 * "Apt. 12" or "Suite 400" with a lower score.
 */
final class AddressDetector implements Detector {
  private static final String SUFFIX =
      "(?:Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Way"
          + "|Terrace|Ter|Parkway|Pkwy|Highway|Hwy|Circle|Cir|Square|Sq|Trail|Trl|Crescent|Cres"
          + "|Close|Grove|Gardens?|Row|Mews|Hills?|Park|Alley|Plaza|Loop|Path|Pike|Ridges?|Run"
          + "|Views?|Walk|Crossing|Points?|Heights|Estates?|Forges?|Mission|Mall|Junctions?|Ferry"
          + "|Harbou?rs?|Springs?|Station|Bypass|Causeway|Centers?|Centre|Cliffs?|Commons?"
          + "|Corners?|Coves?|Creek|Crest|Dale|Divide|Expressway|Extensions?|Falls|Fields?|Flats?"
          + "|Fords?|Forest|Forks?|Fort|Freeway|Gateway|Glens?|Greens?|Groves|Haven|Hollow"
          + "|Islands?|Isle|Keys?|Knolls?|Lakes?|Landing|Lights?|Locks?|Lodge|Manors?|Meadows?"
          + "|Mills?|Motorway|Mount|Mountains?|Orchard|Oval|Pass|Passage|Pines?|Plains?|Ports?"
          + "|Prairie|Ranch|Rapids?|Rest|River|Roads|Route|Shoals?|Shores?|Skyway|Spurs?|Squares?"
          + "|Streets|Summit|Trace|Track|Tunnel|Turnpike|Union|Valleys?|Viaduct|Villages?|Ville"
          + "|Vista|Walks|Wells?|Wharf|Quay|Embankment|Parade|Esplanade|Broadway|Str)";
  private static final String SECONDARY =
      "(?:,?[ ](?:Apt\\.?|Apartment|Suite|Ste\\.?|Unit|Flat|Floor|Fl\\.?|#)[ ]?[\\dA-Z][\\w-]{0,5})?";
  private static final String WORD =
      "(?:\\d{1,4}(?:st|nd|rd|th)|\\p{Lu}[\\p{L}\\p{M}\\d'’.-]*+)"; // 5th, Elm
  private static final Pattern STREET =
      Pattern.compile(
          "(?<![\\w.,-])\\d{1,6}[A-Za-z]?(?:-\\d{1,4})?(?:[ ]"
              + WORD
              + "){1,4}?[ ]"
              + SUFFIX
              + "\\b\\.?"
              + SECONDARY);

  /**
   * A capitalised word and a house number; the word must end like a street (see STREET_ENDINGS).
   */
  private static final Pattern COMPOUND =
      Pattern.compile("\\b\\p{Lu}[\\p{L}\\p{M}-]{2,40}+\\.?[ ]\\d{1,4}[a-zA-Z]?\\b");

  private static final List<String> STREET_ENDINGS =
      List.of(
          ("straße strasse str. weg gasse platz allee damm ufer katu tie kuja polku gatan gata"
                  + " vägen väg vej gade laan straat plein gracht veien vegen vegur vei utca ulica"
                  + " kaari rinne stræde straede braut stræti straeti vænget torget torg plads"
                  + " bakken gränd")
              .split(" "));
  private static final Pattern SECONDARY_AFTER = Pattern.compile(SECONDARY);
  private static final List<String> HUNGARIAN_HINTS = List.of(" u. ", "utca", "út", "tér");

  private static final Pattern PREFIXED =
      Pattern.compile(
          "\\b(?:Rua|Rue|Calle|Carrer|Via|Viale|Piazza|Piazzale|Corso|Avenida|Avda\\.|Ulica|ul\\."
              + "|Paseo|Travessa|Largo|Camino|Praça|Plaza|Strada|Vicolo)(?:[ ][\\p{L}\\p{M}'’.-]+){1,5}?"
              + ",?[ ]\\d{1,4}[a-zA-Z]?\\b"
              + "|\\b\\d{1,4}(?:[ ]?(?:bis|ter))?,?[ ](?:(?:rue|avenue|boulevard|bd|chemin|allée|place"
              + "|impasse|quai|route|cours)(?:[ ](?:de|du|des|la|le|l'|d')?[ ]?[\\p{Lu}][\\p{L}\\p{M}'’-]*){1,4}"
              + "|(?:Av\\.?|Avenida|Rua|Rúa|Calle|Via)(?:[ ][\\p{L}\\p{M}'’-]+){1,4})");
  private static final Pattern HUNGARIAN =
      Pattern.compile(
          "\\b\\p{Lu}[\\p{L}\\p{M}-]*(?:[ ]\\p{L}[\\p{L}\\p{M}-]*)?[ ](?:u\\.|utca|út|útja|tér|körút)"
              + "[ ]\\d{1,4}\\.?");

  /** After a cue ("lives at", "address:", "ship to"), a number and the words after it. */
  private static final Pattern CUED =
      Pattern.compile(
          "(?i:\\b(?:lives at|lives on|live at|living at|located at|situated at|address is|address:"
              + "|address to|ship(?:ped)? to|send (?:it |them )?to|deliver(?:ed)? to|drops? you off at))"
              + "\\s{1,8}(\\d{1,6}[A-Za-z]?(?:,?[ ][\\p{L}\\d][\\p{L}\\p{M}\\d'’-]*+\\.?){1,7})");

  private static final Pattern BOX =
      Pattern.compile(
          "\\b(?:P\\.?[ ]?O\\.?[ ]Box[ ]\\d{1,6}|(?:PSC|Unit)[ ]\\d{3,5},?[ ]Box[ ]\\d{3,5}"
              + "(?:\\s{1,3}[AFD]PO[ ][A-Z]{2}[ ]\\d{5})?)",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern LONE_SECONDARY =
      Pattern.compile("\\b(?:Apt\\.|Apartment|Suite)[ ]\\d{1,5}[A-Z]?\\b");

  @Override
  public void detect(String text, List<Finding> out) {
    if (!Context.hasDigit(text)) return;
    add(STREET, text, 0.75, out);
    compound(text, out);
    add(PREFIXED, text, 0.65, out);
    for (String h : HUNGARIAN_HINTS)
      if (text.contains(h)) {
        add(HUNGARIAN, text, 0.65, out);
        break;
      }
    add(BOX, text, 0.7, out);
    Matcher m = CUED.matcher(text);
    while (m.find()) add(text, m.start(1), m.end(1), 0.6, out);
    add(LONE_SECONDARY, text, 0.5, out);
  }

  private static void compound(String text, List<Finding> out) {
    Matcher m = COMPOUND.matcher(text);
    while (m.find()) {
      String word =
          text.substring(m.start(), text.indexOf(' ', m.start())).toLowerCase(Locale.ROOT);
      boolean street = false;
      for (String e : STREET_ENDINGS) street |= word.endsWith(e) && word.length() > e.length();
      if (!street) continue;
      Matcher unit = SECONDARY_AFTER.matcher(text).region(m.end(), text.length());
      add(text, m.start(), unit.lookingAt() ? unit.end() : m.end(), 0.65, out);
    }
  }

  private static void add(Pattern p, String text, double score, List<Finding> out) {
    Matcher m = p.matcher(text);
    while (m.find()) add(text, m.start(), m.end(), score, out);
  }

  /**
   * An address with the house number just before it and the lines of its block after it (an
   * apartment, a city, ", CO", "Country 12345": short lines of capitalised words and numbers, no
   * label, no phone number), and comma-separated parts on its own line.
   */
  private static void add(String text, int start, int end, double score, List<Finding> out) {
    Matcher before = NUMBER_BEFORE.matcher(text).region(Math.max(0, start - 8), start);
    if (before.find()) start = before.start();
    Matcher tail = SAME_LINE.matcher(text).region(end, text.length());
    if (tail.lookingAt()) end = tail.end();
    for (int lines = 0; lines < 4; lines++) {
      Matcher next = NEXT_LINE.matcher(text).region(end, text.length());
      if (!next.lookingAt() || digits(next.group(1)) >= 7) break;
      end = next.end();
    }
    out.add(new Finding("pii.address", start, end, score, Severity.MEDIUM, PiiGuard.NAME));
  }

  private static final Pattern NUMBER_BEFORE = Pattern.compile("(?<![\\w.,-])\\d{1,6}[ ]$");
  private static final Pattern SAME_LINE =
      Pattern.compile(
          "(?:,[ ]?[\\p{Lu}\\d][\\p{L}\\p{M}\\d'’.-]*+(?:[ ][\\p{L}\\d][\\p{L}\\p{M}\\d'’.-]*+){0,3}){1,4}");
  private static final Pattern NEXT_LINE =
      Pattern.compile(
          "\\n[ \\t>]{0,4}((?:,[ ]?)?[\\p{Lu}\\d][\\p{L}\\p{M}\\d'’.()-]*+"
              + "(?:,?[ ][\\p{L}\\d(][\\p{L}\\p{M}\\d'’.()-]*+){0,4})(?=[ ]*(?:\\n|$))");

  private static int digits(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) if (Character.isDigit(s.charAt(i))) n++;
    return n;
  }
}
