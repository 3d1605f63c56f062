package dev.grounded.answer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits an answer into its claims: each run of text up to one or more citation markers {@code [n]}
 * is a claim citing those numbers; text after the last marker is a claim citing nothing.
 */
public final class Claims {
  private static final Pattern MARKERS = Pattern.compile("(?:\\s*\\[(\\d{1,4})\\])+");
  private static final Pattern ONE = Pattern.compile("\\[(\\d{1,4})\\]");

  /** A sentence of an answer and the citation numbers it carries. */
  public record Claim(String text, List<Integer> cited) {
    public Claim {
      cited = List.copyOf(cited);
    }
  }

  private Claims() {}

  public static List<Claim> of(String answer) {
    List<Claim> out = new ArrayList<>();
    Matcher m = MARKERS.matcher(answer);
    int from = 0;
    while (m.find()) {
      String text = answer.substring(from, m.start()).strip();
      if (!text.isEmpty()) out.add(new Claim(text, numbers(m.group())));
      from = m.end();
    }
    String rest = answer.substring(from).strip();
    if (!rest.isEmpty() && rest.chars().anyMatch(Character::isLetterOrDigit))
      out.add(new Claim(rest, List.of()));
    return out;
  }

  /** The numbers of the markers in {@code text}, in order, repeats included. */
  public static List<Integer> numbers(String text) {
    List<Integer> out = new ArrayList<>();
    Matcher one = ONE.matcher(text);
    while (one.find()) out.add(Integer.parseInt(one.group(1)));
    return out;
  }

  /** How citation {@code n} is marked in an answer: {@code [n]}. */
  public static String marker(int n) {
    return "[" + n + "]";
  }

  /** The answer without its markers. */
  public static String plain(String answer) {
    return MARKERS.matcher(answer).replaceAll("").strip();
  }
}
