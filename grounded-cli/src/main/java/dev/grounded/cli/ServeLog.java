package dev.grounded.cli;

import dev.grounded.core.GroundedException;
import dev.grounded.core.Version;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * What {@code grounded serve} says about itself: one line when it starts (address, version, data
 * directory, auth mode) and one when it has stopped; and a failure to listen as a one-line error.
 */
final class ServeLog {
  private final PrintStream log;
  private final String url;
  private final long started = System.nanoTime();

  ServeLog(PrintStream log, String url) {
    this.log = log;
    this.url = url;
  }

  void started(Path dataDir, boolean keys, boolean loopbackOnly) {
    // a server off loopback without a key refuses to start, so "open" is always loopback-only
    String auth = keys || !loopbackOnly ? "API keys" : "open (no API key yet; loopback only)";
    log.printf(
        "grounded: %s serving on %s  (data: %s; auth: %s; console: /console, docs: /docs, OpenAPI: /openapi.json)%n",
        Version.string(), url, dataDir.toAbsolutePath().normalize(), auth);
    log.flush();
  }

  void stopped() {
    log.printf(
        "grounded: stopped serving on %s after %d s%n",
        url, (System.nanoTime() - started) / 1_000_000_000L);
    log.flush();
  }

  /** Starts a server, turning a failure to listen into a one-line error that names the port. */
  static <T> T bind(String host, int port, Supplier<T> start) {
    try {
      return start.get();
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        boolean inUse = t.getMessage() != null && t.getMessage().contains("already in use");
        if (inUse) throw GroundedException.invalid("port", "port " + port + " is in use");
        if (t instanceof BindException || t instanceof UnresolvedAddressException)
          throw GroundedException.invalid(
              "host",
              "cannot listen on "
                  + host
                  + ":"
                  + port
                  + ": "
                  + (t.getMessage() == null ? "unresolved address" : t.getMessage()));
      }
      throw e;
    }
  }
}
