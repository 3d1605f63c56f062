package dev.grounded.cli;

import dev.grounded.ingest.IngestEvent;
import dev.grounded.ingest.IngestListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Ingest progress on stderr: a redrawn bar on a terminal (files, chunks/s, ETA), plain lines every
 * few seconds otherwise. Failures are always printed, one line each.
 */
final class Progress implements IngestListener {
  private static final int WIDTH = 30;

  private final PrintStream out;
  private final boolean terminal;
  private final long start = System.nanoTime();
  private int total;
  private int done;
  private int chunks;
  private long lastDraw;

  Progress(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  static Progress onStderr() {
    return new Progress(System.err, stderrIsTerminal());
  }

  /**
   * The launcher script knows whether stderr is a terminal ({@code -Dgrounded.tty}); the JVM only
   * knows stdio.
   */
  static boolean stderrIsTerminal() {
    String tty = System.getProperty("grounded.tty");
    if (tty != null) return Boolean.parseBoolean(tty);
    java.io.Console console = System.console();
    if (console == null) return false;
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // before Java 22 a console exists only on a terminal
    }
  }

  @Override
  public void on(IngestEvent event) {
    switch (event) {
      case IngestEvent.Started s -> total = s.total();
      case IngestEvent.Skipped s -> done++;
      case IngestEvent.Indexed i -> {
        done++;
        chunks += i.chunks();
      }
      case IngestEvent.Failed f -> {
        done++;
        clearLine();
        out.println("failed: " + f.reason());
      }
      case IngestEvent.Pruned p -> out.println((terminal ? "\r" : "") + "pruned: " + p.source());
      case IngestEvent.Committed c -> {}
      case IngestEvent.Warning w -> {
        clearLine();
        out.println("warning: " + w.message());
      }
    }
    draw(done == total);
  }

  private void draw(boolean last) {
    long now = System.nanoTime();
    long interval = terminal ? 100_000_000L : 5_000_000_000L;
    if (!last && now - lastDraw < interval) return;
    lastDraw = now;
    double secs = Math.max(1e-9, (now - start) / 1e9);
    double rate = chunks / secs;
    String eta = done == 0 || total == 0 ? "--:--" : clock((long) (secs / done * (total - done)));
    String stats =
        String.format(
            Locale.ROOT,
            "%d/%d files  %d chunks  %.1f chunks/s  ETA %s",
            done,
            total,
            chunks,
            rate,
            eta);
    if (terminal) {
      int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
      out.print("\r[" + "=".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + stats + "  ");
      if (last) out.println();
    } else {
      out.println("ingest: " + stats);
    }
    out.flush();
  }

  private void clearLine() {
    if (terminal) out.print("\r" + " ".repeat(WIDTH + 70) + "\r");
  }

  private static String clock(long seconds) {
    return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
  }
}
