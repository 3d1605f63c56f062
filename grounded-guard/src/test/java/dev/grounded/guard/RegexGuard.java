package dev.grounded.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A small real guard for tests of the policy and the wiring: one regular expression, one type. */
public record RegexGuard(String type, Pattern pattern, Severity severity) implements Guard {
  public static RegexGuard of(String type, String regex, Severity severity) {
    return new RegexGuard(type, Pattern.compile(regex), severity);
  }

  @Override
  public List<Finding> scan(String text, Source source) {
    List<Finding> found = new ArrayList<>();
    Matcher m = pattern.matcher(text);
    while (m.find())
      if (m.end() > m.start())
        found.add(new Finding(type, m.start(), m.end(), 1, severity, "regex"));
    return found;
  }
}
