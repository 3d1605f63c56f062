package dev.grounded.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a setting's text (a YAML scalar, an environment variable, a flag) becomes a value and back.
 * {@link #parse} throws {@link IllegalArgumentException} whose message completes "must be ...".
 */
public interface SettingType<T> {
  /** The value of {@code text}; throws IllegalArgumentException with {@link #describe()}. */
  T parse(String text);

  /** The value of a YAML sequence: only list types take one. */
  default T parseList(List<String> items) {
    throw new IllegalArgumentException(describe() + ", got a list");
  }

  /** What a valid value looks like, e.g. "an integer in 1–65535". */
  String describe();

  /** The value as text that {@link #parse} reads back (the form flags and the file take). */
  default String format(T value) {
    return String.valueOf(value);
  }

  static SettingType<Integer> integer(int min, int max) {
    return bounded("an integer in " + min + "–" + max, t -> Integer.parseInt(t), min, max);
  }

  static SettingType<Long> longInteger(long min, long max) {
    return bounded("an integer in " + min + "–" + max, t -> Long.parseLong(t), min, max);
  }

  static SettingType<Double> decimal(double min, double max) {
    return bounded("a number in " + min + "–" + max, t -> Double.parseDouble(t), min, max);
  }

  static SettingType<Boolean> bool() {
    return simple(
        "true or false",
        t -> {
          if (t.equals("true") || t.equals("false")) return Boolean.parseBoolean(t);
          throw new IllegalArgumentException();
        });
  }

  static SettingType<String> string() {
    return simple(
        "a non-empty string",
        t -> {
          if (t.isBlank()) throw new IllegalArgumentException();
          return t;
        });
  }

  static SettingType<Path> path() {
    return simple(
        "a path",
        t -> {
          if (t.isBlank() || t.indexOf('\0') >= 0) throw new IllegalArgumentException();
          return Path.of(t);
        });
  }

  static SettingType<String> choice(String... values) {
    List<String> allowed = List.of(values);
    return simple(
        "one of " + String.join(", ", allowed),
        t -> {
          if (!allowed.contains(t)) throw new IllegalArgumentException();
          return t;
        });
  }

  /**
   * A duration: a number with a unit ({@code 500ms}, {@code 20s}, {@code 5m}, {@code 1h}); a bare
   * number is seconds. Formatted in the largest exact unit.
   */
  static SettingType<Duration> duration(Duration min, Duration max) {
    Pattern form = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)?");
    String what = "a duration (e.g. 30s, 500ms, 5m) in " + fmt(min) + "–" + fmt(max);
    return new SettingType<>() {
      @Override
      public Duration parse(String text) {
        Matcher m = form.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) throw new IllegalArgumentException(what);
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration d =
            switch (unit) {
              case "ms" -> Duration.ofMillis(n);
              case "m" -> Duration.ofMinutes(n);
              case "h" -> Duration.ofHours(n);
              default -> Duration.ofSeconds(n);
            };
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) throw new IllegalArgumentException(what);
        return d;
      }

      @Override
      public String describe() {
        return what;
      }

      @Override
      public String format(Duration value) {
        return fmt(value);
      }
    };
  }

  private static String fmt(Duration d) {
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0 && ms > 0) return ms / 3_600_000 + "h";
    if (ms % 60_000 == 0 && ms > 0) return ms / 60_000 + "m";
    if (ms % 1000 == 0) return ms / 1000 + "s";
    return ms + "ms";
  }

  /**
   * A list of {@code element}: a YAML sequence in the file; in an environment variable, items
   * separated by the platform's path separator (':' on Unix), as in PATH.
   */
  static <E> SettingType<List<E>> listOf(SettingType<E> element) {
    String sep = java.io.File.pathSeparator;
    return new SettingType<>() {
      @Override
      public List<E> parse(String text) {
        List<E> out = new ArrayList<>();
        for (String item : text.split(Pattern.quote(sep), -1))
          if (!item.isBlank()) out.add(element.parse(item.strip()));
        return List.copyOf(out);
      }

      @Override
      public List<E> parseList(List<String> items) {
        return items.stream().map(i -> element.parse(i.strip())).toList();
      }

      @Override
      public String describe() {
        return "a list of " + element.describe().replaceFirst("^an? ", "") + " values";
      }

      @Override
      public String format(List<E> value) {
        return String.join(sep, value.stream().map(element::format).toList());
      }
    };
  }

  private static <T> SettingType<T> simple(String what, java.util.function.Function<String, T> p) {
    Objects.requireNonNull(what, "what");
    return new SettingType<>() {
      @Override
      public T parse(String text) {
        try {
          return p.apply(text.strip());
        } catch (RuntimeException e) {
          throw new IllegalArgumentException(what, e);
        }
      }

      @Override
      public String describe() {
        return what;
      }
    };
  }

  private static <T extends Comparable<T>> SettingType<T> bounded(
      String what, java.util.function.Function<String, T> p, T min, T max) {
    return simple(
        what,
        t -> {
          T v = p.apply(t);
          if (v.compareTo(min) < 0 || v.compareTo(max) > 0) throw new IllegalArgumentException();
          return v;
        });
  }
}
