package dev.grounded.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version Grounded was built as: the Maven project version, written in at build time. */
public final class Version {
  private static final String VERSION = read();

  private Version() {}

  /**
   * E.g. {@code 0.1.0} or {@code 0.1.0-SNAPSHOT}; {@code dev} when the build did not record one.
   */
  public static String string() {
    return VERSION;
  }

  private static String read() {
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in == null) return "dev";
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "").strip();
      return v.isEmpty() || v.startsWith("${") ? "dev" : v;
    } catch (IOException e) {
      return "dev";
    }
  }
}
